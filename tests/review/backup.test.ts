import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db";
import {
  answerCard,
  backupRowsFromLines,
  backupRowsFromObject,
  CollectionNotEmptyError,
  exportApkg,
  exportCardsCsv,
  exportCollectionJson,
  InvalidBackupError,
  nextCard,
  restoreCollection,
  type Rating,
} from "@/lib/review";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { at, DAY_MS, makeCard, makeDeck, now, reviewState, setTestSettings } from "./store-fixtures";

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

/** Every row of every backed-up table, in a stable order. */
async function snapshot(prisma: PrismaClient) {
  return {
    decks: await prisma.deck.findMany({ orderBy: { id: "asc" } }),
    notes: await prisma.note.findMany({ orderBy: { id: "asc" } }),
    passages: await prisma.passage.findMany({ orderBy: { id: "asc" } }),
    cards: await prisma.card.findMany({ orderBy: { id: "asc" } }),
    cardStates: await prisma.cardState.findMany({ orderBy: { cardId: "asc" } }),
    reviewLogs: await prisma.reviewLog.findMany({ orderBy: { id: "asc" } }),
    gradedAnswers: await prisma.gradedAnswer.findMany({ orderBy: { id: "asc" } }),
    duplicateDismissals: await prisma.duplicateDismissal.findMany({ orderBy: [{ cardA: "asc" }, { cardB: "asc" }] }),
    imports: await prisma.import.findMany({ orderBy: { id: "asc" } }),
    settings: await prisma.setting.findMany({ orderBy: { key: "asc" } }),
  };
}

/** A small collection with everything a backup must carry. */
async function seedCollection(prisma: PrismaClient) {
  await setTestSettings(prisma, { desiredRetention: 0.87 });
  const parent = await makeDeck(prisma, "science");
  const deck = await prisma.deck.create({ data: { path: "science/physics", name: "physics", parentId: parent.id, settings: { newCardsPerDay: 5 } } });
  const note = await prisma.note.create({ data: { path: "science/physics.md", contentHash: "n1", deckId: deck.id, missingSince: null } });
  await prisma.passage.create({ data: { noteId: note.id, ordinal: 0, headingPath: ["Physics", "Energy"], text: "E = mc²,\nwith \"quotes\"", startLine: 1, endLine: 4, contentHash: "p1" } });
  const cards = [];
  for (let i = 0; i < 4; i++) cards.push(await makeCard(prisma, deck.id, { state: reviewState(-1 - i, 3.25 + i / 7) }));
  await prisma.card.update({ where: { id: cards[0].id }, data: { noteId: note.id, tags: ["physics", "exam prep"], kind: "reversed" } });
  const suspended = await makeCard(prisma, deck.id, { status: "suspended", front: "Suspended, with a comma" });
  const retired = await makeCard(prisma, parent.id, { status: "retired", front: "Old\nmultiline" });
  await prisma.card.update({ where: { id: retired.id }, data: { retiredAt: at(-DAY_MS), mergedIntoId: cards[1].id } });
  for (const [i, rating] of ([3, 1, 4] as Rating[]).entries()) {
    const shown = (await nextCard(prisma, { now: at(i * 1000) })).card!;
    await answerCard(prisma, { cardId: shown.id, rating, idempotencyKey: `k${i}`, shown: shown.shown, durationMs: 1000 + i, now: at(i * 1000) });
  }
  await prisma.gradedAnswer.create({
    data: {
      cardId: cards[0].id, question: "What is E?", reference: "mc²", answer: "energy", status: "graded", score: 0.625,
      verdict: "partial", grader: "offline", pointsHit: ["energy"], pointsMissed: [{ point: "mass", weight: 0.5 }],
      citations: [{ id: "x", path: "science/physics.md", startLine: 1, endLine: 4 }], gradedAt: at(5000),
    },
  });
  await prisma.gradedAnswer.create({ data: { cardId: null, question: "Q", reference: "R", answer: "A" } });
  const [a, b] = [cards[2].id, cards[3].id].sort();
  await prisma.duplicateDismissal.create({ data: { cardA: a, cardB: b } });
  await prisma.setting.create({ data: { key: "search.model", value: { name: "minilm", dims: 384, nested: [1, null, "x"] } } });
  // An import checked for near-duplicates (its flags as stored), and one still waiting for its cards' vectors.
  const flag = {
    card: { id: cards[3].id, front: "Question 3?", deck: "science/physics", source: { path: null, startLine: null, endLine: null } },
    similarTo: { id: cards[2].id, front: "Question 2?", deck: "science/physics", source: { path: "science/physics.md", startLine: 3, endLine: 5 } },
    similarity: 0.94,
    message: 'new card "Question 3?" is 0.94 similar to "Question 2?" in deck science/physics',
  };
  const summary = { added: 2, updated: 1, unchanged: 0, retired: 0, restored: 0 };
  await prisma.import.create({ data: { importedAt: at(-2 * DAY_MS), summary, cardIds: [cards[2].id, cards[3].id], duplicates: [flag], checkedAt: at(-DAY_MS) } });
  await prisma.import.create({ data: { importedAt: at(0), summary: { ...summary, added: 0 }, cardIds: [suspended.id] } });
  return { suspended, retired };
}

describeEachDatabase("backup and export", (backend) => {
  let db: TestDatabase;
  let seeded: Awaited<ReturnType<typeof seedCollection>>;
  beforeAll(async () => {
    db = await backend.create();
    seeded = await seedCollection(db.prisma);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("a JSON backup restores every row exactly into an empty database", async () => {
    const text = await collect(exportCollectionJson(db.prisma, now));
    expect(JSON.parse(text)).toMatchObject({ format: "recall-backup", version: 1 });
    const target = await backend.create();
    try {
      const result = await restoreCollection(target.prisma, backupRowsFromLines(text.split("\n")));
      expect(result.counts).toMatchObject({ cards: 6, reviewLogs: 3, gradedAnswers: 2, decks: 2, imports: 2, settings: 2 });
      expect(await snapshot(target.prisma)).toEqual(await snapshot(db.prisma));
    } finally {
      await target.destroy();
    }
  });

  it("reads a reformatted backup too, and refuses a non-empty database unless told to replace it", async () => {
    const text = await collect(exportCollectionJson(db.prisma, now));
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const before = await snapshot(db.prisma);
    await expect(restoreCollection(db.prisma, backupRowsFromLines(pretty.split("\n")))).rejects.toBeInstanceOf(CollectionNotEmptyError);
    await restoreCollection(db.prisma, backupRowsFromLines(pretty.split("\n")), { replace: true });
    expect(await snapshot(db.prisma)).toEqual(before);
  });

  it("rejects files that are not backups with a message that says so", async () => {
    await expect(restoreCollection(db.prisma, backupRowsFromObject({ cards: [] }), { replace: true })).rejects.toBeInstanceOf(InvalidBackupError);
    const bad = { format: "recall-backup", version: 1, cards: [{ id: "x" }] };
    await expect(restoreCollection(db.prisma, backupRowsFromObject(bad), { replace: true })).rejects.toThrow(/a row of "cards" is invalid/);
    // A failed restore changes nothing.
    expect(await db.prisma.card.count()).toBe(6);
  });

  it("CSV lists every card with its status and schedule, quoting commas and line breaks", async () => {
    const csv = await collect(exportCardsCsv(db.prisma));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("id,deck,front,back,kind,tags,status,state,due,stability,difficulty,reps,lapses,last_review,source_path,start_line,end_line");
    expect(csv).toContain(`${seeded.suspended.id},science/physics,"Suspended, with a comma",`);
    expect(csv).toContain(`${seeded.retired.id},science,"Old\nmultiline",`);
    expect(csv).toContain(",retired,new,");
  });

  it(".apkg holds a SQLite collection a SQLite reader opens, with fronts, backs, decks and history", async () => {
    const python = spawnSync("python3", ["-c", "import sqlite3, zipfile"]);
    if (python.status !== 0) {
      console.warn("python3 with sqlite3 not found: .apkg read-back skipped");
      return;
    }
    const apkg = await exportApkg(db.prisma, now);
    expect(apkg).toMatchObject({ cards: 5, decks: 2, reviews: 3 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-apkg-"));
    const file = path.join(dir, "deck.apkg");
    fs.writeFileSync(file, apkg.data);
    // Python's own zip and SQLite implementations read what we wrote.
    const script = `
import json, sqlite3, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); d = sys.argv[2]
z.extractall(d)
assert json.loads(z.read("media")) == {}
db = sqlite3.connect(d + "/collection.anki2")
out = {
  "integrity": db.execute("pragma integrity_check").fetchone()[0],
  "notes": db.execute("select flds from notes order by id").fetchall(),
  "cards": db.execute("select did, type, queue, ivl from cards order by id").fetchall(),
  "revlog": db.execute("select ease, type from revlog order by id").fetchall(),
  "decks": sorted(d["name"] for d in json.loads(db.execute("select decks from col").fetchone()[0]).values()),
  "ver": db.execute("select ver from col").fetchone()[0],
}
print(json.dumps(out))`;
    const run = spawnSync("python3", ["-c", script, file, dir], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out.integrity).toBe("ok");
    expect(out.ver).toBe(11);
    expect(out.decks).toEqual(["Default", "science", "science::physics"]);
    expect(out.notes).toHaveLength(5);
    expect(out.notes[0][0]).toMatch(/^Question \d+\?\x1fAnswer to Question \d+\?$/);
    expect(out.notes.map((n: string[]) => n[0])).toContain("Suspended, with a comma\x1fAnswer to Suspended, with a comma");
    expect(out.cards.filter((c: number[]) => c[2] === -1)).toHaveLength(1);
    expect(out.revlog).toEqual([[3, 1], [1, 1], [4, 1]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
