import type { CardCandidate, ParsedNote, ParseIssue, Separators } from "./types";
import type { DraftCard, NoteContext } from "./note";
import { scanNote } from "./scan";
import { readFrontmatter, readLogseqPageProperties } from "./frontmatter";
import { deckAt, deckTagOf, readTextMetadata, srSchedulesNear, tagsInLines } from "./metadata";
import { furnitureBlocks } from "./furniture";
import { buildOutline, pseudoHeading } from "./outline";
import type { Section } from "./outline";
import { notePassages } from "./passages";
import { resolveImagePaths } from "./paths";
import { markdownBullets, repairMojibake } from "./text";
import { MAX_NOTE_BYTES } from "./limits";
import { colonPCards } from "./shapes/colon-p";
import { ankiBlockCards, ankiFileSettings, ankiTextCards } from "./shapes/anki";
import { detailsCards } from "./shapes/details";
import { qaLabelCards } from "./shapes/qa-labels";
import { inlineSeparatorCards, multilineSeparatorCards } from "./shapes/separators";
import { markerTagCards } from "./shapes/marker-tags";
import { clozeCards } from "./shapes/cloze";
import { outlineCards } from "./shapes/sections";
import { tableCards } from "./shapes/tables";
import { calloutCards } from "./shapes/callouts";

export const defaultSeparators: Separators = {
  inline: "::",
  inlineReversed: ":::",
  multiline: "?",
  multilineReversed: "??",
  clozeHighlight: true,
  clozeBold: false,
  clozeCurly: false,
  blockStart: ["START", "START_CARD"],
  blockEnd: ["END", "END_CARD"],
  cardTags: ["flashcard", "card"],
  deckTags: ["flashcards"],
};

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** A note with thousands of broken cards needs the first few messages, not all of them. */
const MAX_ISSUES = 50;
function capped(issues: ParseIssue[], path: string): ParseIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const more = issues.length - MAX_ISSUES;
  return [...issues.slice(0, MAX_ISSUES), { path, line: issues[MAX_ISSUES].line, severity: "warning", message: `${more} more warnings like these were not listed` }];
}

function titleOf(root: Section): string | undefined {
  const first = root.items[0];
  if (!first || !("section" in first)) return undefined;
  const s = first.section;
  if (s.kind === "title" || s.kind === "container" || (!s.pseudo && s.level === 1)) return s.title || undefined;
  return undefined;
}

function tidy(markdown: string, path: string): string {
  return resolveImagePaths(markdownBullets(repairMojibake(markdown)).replace(/(?<!!)\[\]\([^)\s]*\)/g, ""), path).trim();
}

export function cardsFromMarkdown(source: string, options: { path: string; separators?: Partial<Separators> }): ParsedNote {
  const path = options.path;
  if (source.length > MAX_NOTE_BYTES) {
    return {
      cards: [],
      passages: [],
      issues: [{ path, line: 1, severity: "error", message: `note is larger than ${MAX_NOTE_BYTES / 1024 / 1024} MB and was not parsed; split it into smaller notes` }],
      frontmatter: {},
    };
  }
  try {
    return parseNote(source, path, options.separators ?? {});
  } catch (error) {
    // A parser bug must cost one note, not the import.
    return {
      cards: [],
      passages: [],
      issues: [{ path, line: 1, severity: "error", message: `could not be parsed (${(error as Error).message}); the note was skipped` }],
      frontmatter: {},
    };
  }
}

function parseNote(source: string, path: string, given: Partial<Separators>): ParsedNote {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const scan = scanNote(text);
  const scanIssues = [...scan.issues];
  const settings = readFrontmatter(scan.frontmatter, scanIssues);
  const logseq = readLogseqPageProperties(scan.text, scan.frontmatter ? scan.frontmatter.end + 1 : 0);
  const separators: Separators = { ...defaultSeparators, ...given, ...settings.separators };
  const issues: ParseIssue[] = scanIssues.map((i) => ({ path, ...i }));
  const ctx: NoteContext = { path, scan, separators, claimed: new Uint8Array(scan.text.length), issues, flashcardNote: false };
  const fmTags = [...settings.tags, ...(logseq.tags ?? [])];
  const meta = readTextMetadata(ctx, fmTags);
  ctx.flashcardNote = meta.flashcardNote;

  const anki = ankiFileSettings(ctx);
  const ankiText = ankiTextCards(ctx);
  const authored: DraftCard[] = [
    ...ankiText.cards,
    ...colonPCards(ctx),
    ...ankiBlockCards(ctx, anki.deck),
    ...detailsCards(ctx),
    ...calloutCards(ctx),
    ...tableCards(ctx),
    ...qaLabelCards(ctx),
    ...multilineSeparatorCards(ctx),
    ...markerTagCards(ctx),
    ...inlineSeparatorCards(ctx),
    ...clozeCards(ctx),
  ];

  // Syntax-free shapes are guesses; a note with cards written on purpose gets exactly those.
  const infer = settings.infer ?? !authored.some((c) => !c.incidental);
  const furniture = furnitureBlocks(scan.blocks, scan.text);
  const headingLike = (b: { start: number; end: number }) => {
    const first = scan.text[b.start].trimStart();
    const last = scan.text[b.end];
    if (!first.startsWith("**") && !first.startsWith("__") && !last.includes("?") && !first.trimEnd().endsWith("?")) return false;
    return ctx.claimed[b.start] === 0 && pseudoHeading(scan.text.slice(b.start, b.end + 1)) !== null;
  };
  const outline = buildOutline(scan.blocks, scan.text, headingLike);
  const inferred = infer ? outlineCards(ctx, outline, furniture).filter((c) => ctx.claimed[c.start] === 0) : [];

  const isMetaTag = (t: string) => deckTagOf(t, separators.deckTags) !== null || separators.cardTags.includes(t);
  const noteTags = unique([...fmTags, ...meta.noteTags, ...anki.tags]).filter((t) => !isMetaTag(t));
  const fmDeck = fmTags.map((t) => deckTagOf(t, separators.deckTags)?.deck).find(Boolean);
  const noteDeck = settings.deck ?? logseq.deck ?? anki.deck ?? ankiText.deck ?? fmDeck;

  const drafts = [...authored, ...inferred];
  const siblings = new Map<number, DraftCard[]>();
  for (const d of drafts) {
    const group = siblings.get(d.block);
    if (group) group.push(d);
    else siblings.set(d.block, [d]);
  }
  const priors = new Map<DraftCard, CardCandidate["prior"]>();
  for (const [block, group] of siblings) {
    const schedules = srSchedulesNear(ctx, block, group.reduce((end, d) => Math.max(end, d.end), block));
    group.forEach((d, k) => priors.set(d, d.prior ?? schedules[k] ?? settings.prior));
  }

  const seen = new Set<string>();
  const cards: CardCandidate[] = [];
  for (const d of drafts.sort((a, b) => a.start - b.start)) {
    const front = tidy(d.front, path);
    const back = tidy(d.back, path);
    const key = `${front}\u0000${back}`;
    if (!front || !back || seen.has(key)) continue;
    seen.add(key);
    const mark = deckAt(meta.deckMarks, d.start);
    const card: CardCandidate = {
      front,
      back,
      kind: d.kind,
      tags: unique([...noteTags, ...tagsInLines(ctx, d.start, d.end), ...(d.tags ?? [])]),
      startLine: d.start + 1,
      endLine: d.end + 1,
      siblingKey: `L${d.block + 1}`,
      shape: d.shape,
    };
    const deck = d.deck ?? mark?.deck ?? noteDeck;
    if (deck) card.deck = deck;
    const prior = priors.get(d);
    if (prior) card.prior = prior;
    cards.push(card);
  }

  return {
    cards,
    passages: notePassages(ctx, outline, furniture),
    issues: capped(issues, path),
    title: settings.title ?? logseq.title ?? titleOf(outline),
    frontmatter: settings.data,
  };
}
