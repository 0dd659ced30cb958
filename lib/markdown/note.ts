import type { CardKind, CardShape, ParseIssue, PriorSchedule, Separators } from "./types";
import type { ScannedNote } from "./scan";
import { isBlank, maskInlineCode } from "./scan";
import { dedent } from "./text";

/** What every shape recogniser reads: the scanned note plus the lines already taken by other cards. */
export interface NoteContext {
  path: string;
  scan: ScannedNote;
  separators: Separators;
  /** 1 where a line belongs to a card found so far; shapes never reuse claimed lines */
  claimed: Uint8Array;
  issues: ParseIssue[];
  /** the note carries a deck tag (#flashcards…): its author wrote it for a flashcard tool */
  flashcardNote: boolean;
}

/** A card before note-level metadata (tags, deck, prior) is attached. Lines are 0-based. */
export interface DraftCard {
  front: string;
  back: string;
  kind: CardKind;
  start: number;
  end: number;
  /** first line of the block the card came from; cards of one block are siblings */
  block: number;
  shape: CardShape;
  prior?: PriorSchedule;
  /** deck named by the card itself (Obsidian_to_Anki block, marker tag on the line) */
  deck?: string;
  tags?: string[];
  /** a highlight cloze in a note not meant for flashcards: kept, but it does not stop inference */
  incidental?: boolean;
}

export function claim(ctx: NoteContext, start: number, end: number): void {
  for (let i = start; i <= end && i < ctx.claimed.length; i++) ctx.claimed[i] = 1;
}

export function isFree(ctx: NoteContext, i: number): boolean {
  return ctx.claimed[i] === 0 && !ctx.scan.code[i] && !ctx.scan.meta[i];
}

export function warn(ctx: NoteContext, line0: number, message: string): void {
  ctx.issues.push({ path: ctx.path, line: line0 + 1, severity: "warning", message });
}

/** The Markdown of lines start..end as written (comments removed, metadata lines dropped), dedented. */
export function linesText(ctx: NoteContext, start: number, end: number): string {
  const out: string[] = [];
  for (let i = Math.max(0, start); i <= end && i < ctx.scan.text.length; i++) {
    if (ctx.scan.meta[i]) continue;
    out.push(ctx.scan.text[i]);
  }
  return dedent(out);
}

/** Last non-blank, non-metadata line in start..end (or start). */
export function lastContentLine(ctx: NoteContext, start: number, end: number): number {
  let e = end;
  while (e > start && (ctx.scan.meta[e] || isBlank(ctx.scan.text[e]))) e--;
  return e;
}

/** Index of the first line at or after `from` satisfying `test`, scanning at most to `limit`. */
export function findLine(ctx: NoteContext, from: number, limit: number, test: (line: string, i: number) => boolean): number {
  const last = Math.min(limit, ctx.scan.text.length - 1);
  for (let i = from; i <= last; i++) if (test(ctx.scan.text[i], i)) return i;
  return -1;
}

/** Precomputes, for every line, the next line index (≥ it) that satisfies `test`; -1 if none. O(n). */
export function nextIndex(ctx: NoteContext, test: (line: string, i: number) => boolean): Int32Array {
  const n = ctx.scan.text.length;
  const next = new Int32Array(n + 1).fill(-1);
  for (let i = n - 1; i >= 0; i--) next[i] = !ctx.scan.code[i] && test(ctx.scan.text[i], i) ? i : next[i + 1];
  return next;
}

/** A line that begins a card written in another syntax: shapes that span blank lines stop there. */
export function startsOtherCard(ctx: NoteContext, line: string): boolean {
  const masked = maskInlineCode(line);
  const { inline, inlineReversed, blockStart } = ctx.separators;
  return (
    masked.includes(inline) ||
    masked.includes(inlineReversed) ||
    /==\S[^=]*==|\{\{c\d+::|^\s*:p\s|^\s*<details|^\s*>\s*\[!/.test(masked) ||
    blockStart.includes(line.trim()) ||
    ctx.separators.cardTags.some((t) => masked.includes(`#${t}`))
  );
}
