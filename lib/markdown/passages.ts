import type { NotePassage } from "./types";
import type { Block } from "./scan";
import type { NoteContext } from "./note";
import { linesText } from "./note";
import type { Section } from "./outline";
import { repairMojibake } from "./text";

/** Passages are about a screen of text: enough context for a search hit, small enough to cite. */
export const PASSAGE_CHARS = 1200;

/** Card syntax markers read as noise in a passage; the words around them are what matters. */
function withoutCardSyntax(text: string): string {
  return text
    .replace(/^\s*:p\s+/gm, "")
    .replace(/^\s*(?:\?\?x|x\?\?|\?{1,2}|START|END|STARTI|ENDI)\s*$/gm, "")
    .replace(/\s+x\?\?\s*$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Splits text longer than the limit at line, then sentence, then hard boundaries. */
function pieces(text: string): string[] {
  if (text.length <= PASSAGE_CHARS) return [text];
  const out: string[] = [];
  let current = "";
  const units = text.split("\n").flatMap((line) => (line.length <= PASSAGE_CHARS ? [line] : line.split(/(?<=[.!?])\s+/)));
  for (let unit of units) {
    while (unit.length > PASSAGE_CHARS) {
      if (current) out.push(current);
      current = "";
      out.push(unit.slice(0, PASSAGE_CHARS));
      unit = unit.slice(PASSAGE_CHARS);
    }
    if (current && current.length + unit.length + 1 > PASSAGE_CHARS) {
      out.push(current);
      current = "";
    }
    current = current ? `${current}\n${unit}` : unit;
  }
  if (current.trim()) out.push(current);
  return out.filter((p) => p.trim());
}

/** Section-sized chunks of study content, split at block boundaries; furniture and skipped sections left out. */
export function notePassages(ctx: NoteContext, root: Section, furniture: Set<Block>): NotePassage[] {
  const passages: NotePassage[] = [];
  const todo: { section: Section; path: string[] }[] = [{ section: root, path: [] }];
  while (todo.length) {
    const { section, path } = todo.pop()!;
    if (section.kind === "skip") continue;
    const headingPath = section.kind === "root" || !section.title ? path : [...path, section.title];
    let text = "";
    let start = -1;
    let end = -1;
    const flush = () => {
      if (text.trim()) passages.push({ text: repairMojibake(text.trim()), headingPath, startLine: start + 1, endLine: end + 1 });
      text = "";
      start = -1;
    };
    for (const item of section.items) {
      if (!("block" in item)) continue;
      const b = item.block;
      if (furniture.has(b) || b.type === "break" || b.type === "html") continue;
      const blockText = withoutCardSyntax(linesText(ctx, b.start, b.end));
      if (!blockText) continue;
      for (const piece of pieces(blockText)) {
        if (text && text.length + piece.length + 2 > PASSAGE_CHARS) flush();
        if (start < 0) start = b.start;
        text = text ? `${text}\n\n${piece}` : piece;
        end = b.end;
        if (text.length >= PASSAGE_CHARS) flush();
      }
    }
    flush();
    for (let k = section.children.length - 1; k >= 0; k--) todo.push({ section: section.children[k], path: headingPath });
  }
  return passages.sort((a, b) => a.startLine - b.startLine);
}
