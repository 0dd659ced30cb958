import type { DraftCard, NoteContext } from "../note";
import { claim, isFree } from "../note";
import { unquote } from "../scan";
import { cleanFront, dedent } from "../text";

/** Obsidian callout types people use to quiz themselves. */
const QUIZ = /^\s*>\s*\[!(question|faq|help|quiz|flashcard|card|recall)\][+-]?\s*(.*)$/i;

/**
 * Obsidian callouts of a question type, usually folded so the answer stays hidden:
 * `> [!question]- What is X?` with the answer on the following `>` lines.
 */
export function calloutCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  for (let i = 0; i < text.length; i++) {
    const m = isFree(ctx, i) ? QUIZ.exec(text[i]) : null;
    if (!m) continue;
    let end = i;
    const body: string[] = [];
    for (let j = i + 1; j < text.length && (ctx.scan.meta[j] || unquote(text[j]).depth > 0); j++) {
      if (!ctx.scan.meta[j]) body.push(unquote(text[j]).rest);
      end = j;
    }
    claim(ctx, i, end);
    const front = cleanFront(m[2]);
    const back = dedent(body);
    if (front && back) cards.push({ front, back, kind: "basic", start: i, end, block: i, shape: "callout" });
    i = end;
  }
  return cards;
}
