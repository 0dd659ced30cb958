import type { Separators } from "../types";
import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, linesText } from "../note";
import { maskInlineCode } from "../scan";

interface Deletion {
  start: number;
  end: number;
  answer: string;
  hint?: string;
  group: string;
}

export interface ClozeOptions {
  highlight: boolean;
  bold: boolean;
  curly: boolean;
}

export function clozeOptions(separators: Separators, flashcardNote: boolean): ClozeOptions {
  return { highlight: separators.clozeHighlight, bold: separators.clozeBold || flashcardNote, curly: separators.clozeCurly };
}

/** Deletions in one block, in text order; overlapping matches keep the first. */
function deletionsIn(text: string, options: ClozeOptions): Deletion[] {
  const masked = maskInlineCode(text);
  const found: Deletion[] = [];
  const add = (re: RegExp, make: (m: RegExpExecArray) => Omit<Deletion, "start" | "end">) => {
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      const d = make(m);
      if (d.answer.trim()) found.push({ start: m.index, end: m.index + m[0].length, ...d });
    }
  };
  let counter = 0;
  const own = () => `d${counter++}`;
  // Anki: {{c1::answer}} / {{c1::answer::hint}}; the same number hides together.
  add(/\{\{c(\d+)::(.*?)\}\}/g, (m) => {
    const [answer, ...hint] = text.slice(m.index + m[0].indexOf("::") + 2, m.index + m[0].length - 2).split("::");
    return { answer, hint: hint.join("::") || undefined, group: `c${m[1]}` };
  });
  add(/\{\{cloze\s+(.*?)\}\}/g, (m) => ({ answer: text.substr(m.index + m[0].length - 2 - m[1].length, m[1].length), group: own() }));
  if (options.curly) add(/\{\{(?!c\d+::|cloze\s)([^{}\n]+?)\}\}/g, (m) => ({ answer: text.substr(m.index + 2, m[1].length), group: own() }));
  // "a==b and c==d" in prose about code is not a highlight: the marks may not touch word characters outside.
  if (options.highlight) add(/(?<![\w=])==(?=\S)([^=\n]+?)==(?![\w=])/g, (m) => ({ answer: text.substr(m.index + 2, m[1].length), group: own() }));
  if (options.bold) {
    add(/\*\*(?=\S)([^*\n]+?)\*\*/g, (m) => ({ answer: text.substr(m.index + 2, m[1].length), group: own() }));
    add(/(?<![\w_])__(?=\S)([^_\n]+?)__(?![\w_])/g, (m) => ({ answer: text.substr(m.index + 2, m[1].length), group: own() }));
  }
  found.sort((a, b) => a.start - b.start);
  const kept: Deletion[] = [];
  for (const d of found) if (!kept.length || d.start >= kept[kept.length - 1].end) kept.push(d);
  return kept;
}

export function hasCloze(text: string, options: ClozeOptions): boolean {
  return deletionsIn(text, options).length > 0;
}

/** One card per deletion group: the group hidden on the front, shown in bold on the back, the rest plain. */
export function clozeSides(text: string, options: ClozeOptions): { front: string; back: string; highlightOnly: boolean }[] {
  const deletions = deletionsIn(text, options);
  const highlightOnly = deletions.every((d) => text.startsWith("==", d.start));
  const groups = [...new Set(deletions.map((d) => d.group))];
  return groups.map((group) => {
    let front = "";
    let back = "";
    let pos = 0;
    for (const d of deletions) {
      front += text.slice(pos, d.start);
      back += text.slice(pos, d.start);
      const answer = d.answer.trim();
      if (d.group === group) {
        front += d.hint ? `[${d.hint.trim()}]` : "[...]";
        back += `**${answer}**`;
      } else {
        front += answer;
        back += answer;
      }
      pos = d.end;
    }
    return { front: (front + text.slice(pos)).trim(), back: (back + text.slice(pos)).trim(), highlightOnly };
  });
}

/** Cloze blocks: paragraphs and list items (each its own block) holding deletions, not taken by other cards. */
export function clozeCards(ctx: NoteContext): DraftCard[] {
  const options = clozeOptions(ctx.separators, ctx.flashcardNote);
  const cards: DraftCard[] = [];
  const units: [number, number][] = [];
  for (const block of ctx.scan.blocks) {
    if (block.type === "paragraph" || block.type === "quote") units.push([block.start, block.end]);
    else if (block.type === "list") {
      block.items.forEach((item, k) => {
        const next = block.items[k + 1];
        units.push([item.line, next && next.line <= item.end ? next.line - 1 : item.end]);
      });
    }
  }
  const marks = options.bold ? /==|\{\{|\*\*|__/ : /==|\{\{/;
  for (const [start, end] of units) {
    let marked = false;
    for (let i = start; i <= end && !marked; i++) marked = marks.test(ctx.scan.text[i]);
    if (!marked) continue;
    let free = true;
    for (let i = start; i <= end && free; i++) free = isFree(ctx, i) || ctx.scan.meta[i];
    if (!free) continue;
    const text = linesText(ctx, start, end).replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, "");
    const sides = clozeSides(text, options);
    if (!sides.length) continue;
    claim(ctx, start, end);
    for (const { front, back, highlightOnly } of sides) {
      cards.push({ front, back, kind: "cloze", start, end, block: start, shape: "cloze", incidental: highlightOnly && !ctx.flashcardNote });
    }
  }
  return cards;
}
