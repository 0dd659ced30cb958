import crypto from "node:crypto";
import type { PrismaClient } from "../db";
import { daysBetween, studyDay, studyDayKeyer } from "./day";
import { loadSettingsContext } from "./store-settings";
import { sqliteDatabase, type SqliteValue } from "./sqlite-file";
import { zipArchive } from "./zip";

/**
 * An Anki package (.apkg: a zip holding the SQLite `collection.anki2`, schema 11, and an empty
 * `media` map) with the active and suspended cards: one "Recall basic" note per card with the
 * Front and Back fields, in decks named after Recall's ("interview/ml" → "interview::ml"), with
 * their FSRS schedule (due day, interval, memory state) and review history.
 */

const MODEL_ID = 1_731_000_000_001;
const DAY_S = 86_400;
/** Day numbers count from a collection creation time this long before today. */
const EPOCH_DAYS = 3650;

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Card text as Anki field HTML: escaped, line breaks kept (Markdown is shown as written). */
export function fieldHtml(markdown: string): string {
  return escapeHtml(markdown).replace(/\r?\n/g, "<br>");
}

const stripHtml = (html: string) => html.replace(/<br>/g, " ").replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** Anki's note checksum: first 8 hex digits of the SHA-1 of the stripped sort field. */
function checksum(sortField: string): number {
  return parseInt(crypto.createHash("sha1").update(sortField).digest("hex").slice(0, 8), 16);
}

/** A stable 47-bit Anki id for a Recall deck, so re-imports land in the same Anki deck. */
function deckIdOf(path: string): number {
  return parseInt(crypto.createHash("sha1").update(`recall-deck:${path}`).digest("hex").slice(0, 12), 16) || 2;
}

const SCHEMA = {
  col: `CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null)`,
  notes: `CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null)`,
  cards: `CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null)`,
  revlog: `CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null)`,
  graves: `CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null)`,
};

function model(now: number) {
  return {
    id: String(MODEL_ID),
    name: "Recall basic",
    type: 0,
    mod: now,
    usn: -1,
    sortf: 0,
    did: 1,
    tmpls: [
      { name: "Card 1", ord: 0, qfmt: "{{Front}}", afmt: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}", did: null, bqfmt: "", bafmt: "" },
    ],
    flds: ["Front", "Back"].map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: "Arial", size: 20, media: [] })),
    css: ".card { font-family: arial; font-size: 20px; text-align: left; color: black; background-color: white; }",
    latexPre: "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
    latexPost: "\\end{document}",
    tags: [],
    vers: [],
    req: [[0, "any", [0]]],
  };
}

function deckJson(id: number, name: string, now: number) {
  return {
    id, name, desc: "", conf: 1, dyn: 0, collapsed: false, usn: -1, mod: now, extendNew: 0, extendRev: 50,
    newToday: [0, 0], revToday: [0, 0], lrnToday: [0, 0], timeToday: [0, 0],
  };
}

const deckConf = {
  1: {
    id: 1, name: "Default", mod: 0, usn: 0, maxTaken: 60, autoplay: true, timer: 0, replayq: true, dyn: false,
    new: { bury: true, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 7], order: 1, perDay: 20, separate: true },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200 },
  },
};

export interface ApkgResult {
  data: Buffer;
  cards: number;
  decks: number;
  reviews: number;
}

export async function exportApkg(prisma: PrismaClient, now: Date = new Date()): Promise<ApkgResult> {
  const context = await loadSettingsContext(prisma);
  const today = studyDay(now, context.global);
  const dayKey = studyDayKeyer(context.global);
  const crt = Math.floor(today.start.getTime() / 1000) - EPOCH_DAYS * DAY_S;
  const nowS = Math.floor(now.getTime() / 1000);
  const dayNumber = (instant: Date) => EPOCH_DAYS + daysBetween(today.key, dayKey(instant));

  const cards = await prisma.card.findMany({
    where: { status: { in: ["active", "suspended"] } },
    include: { schedule: true, deck: { select: { path: true } } },
    orderBy: [{ createdAt: "asc" }, { position: "asc" }, { id: "asc" }],
  });
  const logs = await prisma.$queryRaw<{ card_id: string; rating: number; reviewed_at: Date; duration_ms: number | null; before_state: string; before_ivl: number | null; scheduled_days: number; after_due: string }[]>`
    SELECT l.card_id, l.rating, l.reviewed_at, l.duration_ms, l.state_before->>'state' AS before_state,
           (l.state_before->>'scheduledDays')::int AS before_ivl, l.scheduled_days, l.state_after->>'due' AS after_due
    FROM review_logs l JOIN cards c ON c.id = l.card_id
    WHERE l.source = 'review' AND c.status IN ('active', 'suspended') ORDER BY l.reviewed_at, l.id`;

  const decks = new Map<string, number>(context.decks.map((deck) => [deck.path, deckIdOf(deck.path)]));
  const decksJson: Record<string, unknown> = { 1: deckJson(1, "Default", nowS) };
  for (const [path, id] of decks) decksJson[id] = deckJson(id, path.split("/").join("::"), nowS);

  const baseId = now.getTime() - cards.length * 2;
  const ankiCardIds = new Map<string, number>();
  const noteRows: SqliteValue[][] = [];
  const cardRows: SqliteValue[][] = [];
  cards.forEach((card, i) => {
    const noteId = baseId + i * 2;
    const cardId = noteId + 1;
    ankiCardIds.set(card.id, cardId);
    const front = fieldHtml(card.front);
    const sortField = stripHtml(front);
    const tags = card.tags.map((tag) => tag.replace(/\s+/g, "_")).join(" ");
    noteRows.push([noteId, card.id, MODEL_ID, nowS, -1, tags ? ` ${tags} ` : "", `${front}\x1f${fieldHtml(card.back)}`, sortField, checksum(sortField), 0, ""]);

    const state = card.schedule;
    const started = state && state.state !== "new";
    const type = started ? 2 : 0;
    const queue = card.status === "suspended" ? -1 : type;
    const due = started ? dayNumber(state.due) : i + 1;
    const ivl = started ? Math.max(1, state.scheduledDays) : 0;
    const memory = started ? JSON.stringify({ s: Number(state.stability.toFixed(4)), d: Number(state.difficulty.toFixed(4)), dr: context.forDeck(card.deckId).desiredRetention }) : "";
    cardRows.push([cardId, noteId, decks.get(card.deck.path) ?? 1, 0, nowS, -1, type, queue, due, ivl, started ? 2500 : 0, state?.reps ?? 0, state?.lapses ?? 0, 0, 0, 0, 0, memory]);
  });

  const revlogRows: SqliteValue[][] = [];
  let lastId = 0;
  for (const log of logs) {
    const cid = ankiCardIds.get(log.card_id);
    if (cid === undefined) continue;
    const id = Math.max(log.reviewed_at.getTime(), lastId + 1);
    lastId = id;
    // Anki: positive intervals in days, negative ones (learning steps) in seconds.
    const ivl = log.scheduled_days > 0 ? log.scheduled_days : -Math.max(1, Math.round((Date.parse(log.after_due) - log.reviewed_at.getTime()) / 1000));
    const type = log.before_state === "review" ? 1 : log.before_state === "relearning" ? 2 : 0;
    revlogRows.push([id, cid, -1, log.rating, ivl, log.before_ivl ?? 0, 2500, Math.min(60_000, log.duration_ms ?? 0), type]);
  }

  const conf = { activeDecks: [1], curDeck: 1, newSpread: 0, collapseTime: 1200, timeLim: 0, estTimes: true, dueCounts: true, curModel: String(MODEL_ID), nextPos: cards.length + 1, sortType: "noteFld", sortBackwards: false, addToCur: true };
  const database = sqliteDatabase([
    {
      name: "col",
      sql: SCHEMA.col,
      rowidColumn: 0,
      rows: [[1, crt, now.getTime(), now.getTime(), 11, 0, 0, 0, JSON.stringify(conf), JSON.stringify({ [MODEL_ID]: model(nowS) }), JSON.stringify(decksJson), JSON.stringify(deckConf), "{}"]],
    },
    { name: "notes", sql: SCHEMA.notes, rowidColumn: 0, rows: noteRows },
    { name: "cards", sql: SCHEMA.cards, rowidColumn: 0, rows: cardRows },
    { name: "revlog", sql: SCHEMA.revlog, rowidColumn: 0, rows: revlogRows },
    { name: "graves", sql: SCHEMA.graves, rows: [] },
  ]);
  const data = zipArchive([
    { name: "collection.anki2", data: database },
    { name: "media", data: Buffer.from("{}") },
  ], now);
  return { data, cards: cards.length, decks: decks.size, reviews: revlogRows.length };
}
