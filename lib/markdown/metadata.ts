/** Note-level metadata read from the text: tags, deck tags, and scheduling comments. */
import type { PriorSchedule } from "./types";
import type { NoteContext } from "./note";
import { priorFrom } from "./frontmatter";
import { deckName } from "./paths";
import { inlineTags, isTagLine } from "./text";

export interface DeckMark {
  line: number;
  /** undefined: the plain deck tag (#flashcards), which means "the folder's deck" */
  deck?: string;
}

export interface TextMetadata {
  /** tags on tag-only lines: they label the whole note */
  noteTags: string[];
  /** deck tags in order of appearance (Obsidian SR: a tag applies to the cards after it) */
  deckMarks: DeckMark[];
  /** the note carries a deck tag anywhere (frontmatter or text) */
  flashcardNote: boolean;
}

/** `flashcards/ml/nlp` → { deck: "ml/nlp" } for deck tag "flashcards"; null if not a deck tag. */
export function deckTagOf(tag: string, deckTags: string[]): { deck?: string } | null {
  for (const d of deckTags) {
    const key = d.toLowerCase().replace(/^#/, "");
    if (tag === key) return {};
    if (tag.startsWith(`${key}/`)) return { deck: deckName(tag.slice(key.length + 1)) || undefined };
  }
  return null;
}

export function readTextMetadata(ctx: NoteContext, frontmatterTags: string[]): TextMetadata {
  const { text, code } = ctx.scan;
  const noteTags: string[] = [];
  const deckMarks: DeckMark[] = [];
  let flashcardNote = frontmatterTags.some((t) => deckTagOf(t, ctx.separators.deckTags));
  for (let i = 0; i < text.length; i++) {
    if (code[i] || !text[i].includes("#")) continue;
    const tags = inlineTags(text[i]);
    if (!tags.length) continue;
    if (isTagLine(text[i])) noteTags.push(...tags);
    for (const tag of tags) {
      const mark = deckTagOf(tag, ctx.separators.deckTags);
      if (mark) {
        deckMarks.push({ line: i, deck: mark.deck });
        flashcardNote = true;
      }
    }
  }
  return { noteTags, deckMarks, flashcardNote };
}

/** Tags written in a card's own lines, without card-marker and deck tags. */
export function tagsInLines(ctx: NoteContext, start: number, end: number): string[] {
  const found: string[] = [];
  const markers = new Set(ctx.separators.cardTags.map((t) => t.toLowerCase()));
  for (let i = start; i <= end && i < ctx.scan.text.length; i++) {
    if (ctx.scan.code[i]) continue;
    for (const tag of inlineTags(ctx.scan.text[i])) {
      const base = tag.split("/")[0].replace(/-reversed?$/, "");
      if (markers.has(base) || deckTagOf(tag, ctx.separators.deckTags)) continue;
      found.push(tag);
    }
  }
  return found;
}

/** The deck tag in force for a card starting at `line`: one on its first line, else the last one before it. */
export function deckAt(marks: DeckMark[], line: number): { deck?: string } | null {
  let lo = 0;
  let hi = marks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].line <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : marks[found];
}

/** `SR:!2024-08-16,51,230!2024-08-20,3,250` → one schedule per sibling card, in order. */
export function parseSrComment(comment: string): PriorSchedule[] {
  const m = /^\s*SR:\s*(.*)$/s.exec(comment);
  if (!m) return [];
  const schedules: PriorSchedule[] = [];
  for (const part of m[1].split("!")) {
    const fields = part.split(",").map((f) => f.trim());
    if (fields.length < 3) continue;
    const prior = priorFrom(fields[0], fields[1], fields[2]);
    if (prior) schedules.push(prior);
  }
  return schedules;
}

/** Scheduling comments in lines start..end+1 (Obsidian writes them after the card or on its last line). */
export function srSchedulesNear(ctx: NoteContext, start: number, end: number): PriorSchedule[] {
  for (let i = start; i <= end + 1 && i < ctx.scan.text.length; i++) {
    for (const comment of ctx.scan.comments.get(i) ?? []) {
      const schedules = parseSrComment(comment);
      if (schedules.length) return schedules;
    }
  }
  return [];
}
