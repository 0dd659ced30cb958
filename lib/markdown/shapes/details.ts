import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, nextIndex, warn } from "../note";
import { cleanFront, dedent } from "../text";

const PAIR = /<details[^>]*>\s*<summary[^>]*>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>/i;

/** `<details><summary>question</summary>answer</details>`, on one line or many. */
export function detailsCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const nextClose = nextIndex(ctx, (l) => /<\/details>/i.test(l));
  for (let i = 0; i < text.length; i++) {
    if (!isFree(ctx, i) || !/^\s*(?:[-*+]\s+)?<details[\s>]/i.test(text[i])) continue;
    const end = nextClose[i];
    if (end < 0) {
      warn(ctx, i, "<details> without </details>: not imported");
      continue;
    }
    const block: string[] = [];
    for (let k = i; k <= end; k++) if (!ctx.scan.meta[k]) block.push(text[k]);
    const m = PAIR.exec(block.join("\n"));
    claim(ctx, i, end);
    if (!m) continue;
    const front = cleanFront(m[1].replace(/<[^>]{1,200}>/g, "").replace(/\s+/g, " "));
    const back = dedent(m[2].split("\n"));
    if (front && back) cards.push({ front, back, kind: "basic", start: i, end, block: i, shape: "details" });
    i = end;
  }
  return cards;
}
