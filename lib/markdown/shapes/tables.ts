import type { DraftCard, NoteContext } from "../note";
import { claim, isFree } from "../note";
import { cleanFront } from "../text";

const FRONT_HEADERS = /^(?:front|question|questions|q|term|terms|word|concept|prompt|english|vocabulary|kanji)$/i;
const BACK_HEADERS = /^(?:back|answer|answers|a|definition|definitions|meaning|explanation|response|translation|reading)$/i;

function cells(row: string): string[] {
  const masked = row.replace(/`[^`]*`/g, (m) => m.replace(/\|/g, "\u0001")).replace(/\\\|/g, "\u0002");
  return masked
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.replace(/\u0001/g, "|").replace(/\u0002/g, "\\|").trim());
}

/**
 * Tables kept as flashcards: a header row naming a front column (Question, Front, Term, Word…) and a
 * back column (Answer, Back, Definition, Meaning…); each body row is a card. `<br>` in a cell is a
 * line break.
 */
export function tableCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  for (const block of ctx.scan.blocks) {
    if (block.type !== "table" || !isFree(ctx, block.start)) continue;
    const header = cells(ctx.scan.text[block.start]).map((c) => cleanFront(c));
    const front = header.findIndex((h) => FRONT_HEADERS.test(h));
    const back = header.findIndex((h, k) => k !== front && BACK_HEADERS.test(h));
    if (front < 0 || back < 0) continue;
    for (let i = block.start + 2; i <= block.end; i++) {
      if (ctx.scan.meta[i]) continue;
      const row = cells(ctx.scan.text[i]);
      const f = (row[front] ?? "").replace(/<br\s*\/?>/gi, "\n").trim();
      const b = (row[back] ?? "").replace(/<br\s*\/?>/gi, "\n").trim();
      if (f && b) cards.push({ front: cleanFront(f), back: b, kind: "basic", start: i, end: i, block: i, shape: "table" });
    }
    claim(ctx, block.start, block.end);
  }
  return cards;
}
