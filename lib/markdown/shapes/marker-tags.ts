import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, lastContentLine, startsOtherCard } from "../note";
import { headingOf, indentOf, isBlank, listItemOf } from "../scan";
import { priorFrom } from "../frontmatter";
import { cleanFront, dedent, inlineTags, removeTags } from "../text";
import { clozeOptions, clozeSides, hasCloze } from "./cloze";

const PROPERTY = /^\s*(?:[-*]\s+)?([a-z][\w-]*)::\s*(.*)$/i;

/** `#card`, `#card/reverse`, `#card-reverse`, `#card/reversed` → { marker, reversed } */
function markerOf(tags: string[], cardTags: string[]): { reversed: boolean } | null {
  for (const tag of tags) {
    for (const marker of cardTags) {
      const m = marker.toLowerCase();
      if (tag === m) return { reversed: false };
      if (tag === `${m}/reverse` || tag === `${m}/reversed` || tag === `${m}-reverse` || tag === `${m}-reversed`) return { reversed: true };
    }
  }
  return null;
}

/**
 * A line, heading or list item carrying a card tag (`Question #flashcard`, Logseq `- question #card`).
 * The back is the heading's section, the list item's indented children, or the following lines up
 * to a blank line. Logseq `card-*` properties become the prior schedule.
 */
export function markerTagCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const isMarker = (tag: string) => markerOf([tag], ctx.separators.cardTags) !== null;
  const markedLine = (i: number) => isFree(ctx, i) && text[i].includes("#") && markerOf(inlineTags(text[i]), ctx.separators.cardTags) !== null;
  for (let i = 0; i < text.length; i++) {
    if (!markedLine(i)) continue;
    const marker = markerOf(inlineTags(text[i]), ctx.separators.cardTags)!;
    const heading = headingOf(text[i]);
    const item = listItemOf(text[i]);
    let end = i;
    if (heading) {
      for (let j = i + 1; j < text.length; j++) {
        const h = headingOf(text[j]);
        if (!ctx.scan.code[j] && ((h && h.level <= heading.level) || markedLine(j) || startsOtherCard(ctx, text[j]))) break;
        if (!isFree(ctx, j) && !ctx.scan.meta[j] && !ctx.scan.code[j]) break;
        end = j;
      }
    } else if (item) {
      const base = indentOf(text[i]);
      for (let j = i + 1; j < text.length; j++) {
        if (ctx.scan.meta[j] || isBlank(text[j])) continue;
        if ((indentOf(text[j]) <= base && !ctx.scan.code[j]) || !(isFree(ctx, j) || ctx.scan.code[j])) break;
        end = j;
      }
    } else {
      for (let j = i + 1; j < text.length; j++) {
        if (ctx.scan.meta[j]) continue;
        if (isBlank(text[j]) || markedLine(j) || !(isFree(ctx, j) || ctx.scan.code[j])) break;
        end = j;
      }
    }
    end = lastContentLine(ctx, i, end);
    const backLines: string[] = [];
    const props: Record<string, string> = {};
    for (let j = i + 1; j <= end; j++) {
      if (ctx.scan.meta[j]) continue;
      const prop = ctx.scan.code[j] ? null : PROPERTY.exec(text[j]);
      if (prop && (prop[1].startsWith("card-") || prop[1] === "id" || prop[1] === "collapsed")) {
        props[prop[1].toLowerCase()] = prop[2].trim();
        continue;
      }
      backLines.push(text[j]);
    }
    const frontText = removeTags(text[i], isMarker);
    const back = dedent(backLines);
    claim(ctx, i, end);
    const base = { start: i, end, block: i, shape: "marker-tag" as const };
    const prior = priorFrom(props["card-next-schedule"], props["card-last-interval"], props["card-ease-factor"]);
    const options = clozeOptions(ctx.separators, ctx.flashcardNote);
    const clozeSource = cleanFront(frontText.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, ""));
    if (hasCloze(clozeSource, options)) {
      for (const side of clozeSides(clozeSource, options)) {
        cards.push({ ...base, front: side.front, back: back ? `${side.back}\n\n${back}` : side.back, kind: "cloze", prior });
      }
      continue;
    }
    const front = cleanFront(frontText);
    if (!front || !back) continue;
    cards.push({ ...base, front, back, kind: marker.reversed ? "reversed" : "basic", prior });
    if (marker.reversed) cards.push({ ...base, front: back, back: front, kind: "reversed" });
  }
  return cards;
}
