import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, lastContentLine, linesText } from "../note";
import { headingOf, indentOf, isBlank, maskInlineCode } from "../scan";
import { cleanFront, dedent, removeTags } from "../text";

/** Logseq writes block properties as `key:: value`; they are metadata, not `front::back` cards. */
const LOGSEQ_PROPERTY =
  /^\s*(?:[-*]\s+)?(?:id|title|tags|alias|aliases|collapsed|template|template-including-parent|type|public|filters|icon|heading|background-color|created-at|updated-at|source|author|url|date|status|category|card-[\w-]+)::(?:\s|$)/i;

/**
 * `std::move(x)`, `Foo::bar();`, CSS `a::before`, emoji `:smile::tada:` outside backticks are not
 * cards.
 */
function isScopeOperator(front: string, back: string, line: string): boolean {
  if (/^(?:before|after|first-line|first-letter|selection|placeholder|marker|backdrop|part|slotted|cue)\b/i.test(back)) return true;
  if (/:[\w+-]+$/.test(front) && /^[\w+-]+:/.test(back)) return true;
  return /[A-Za-z_]\w*$/.test(front) && /^[A-Za-z_]\w*/.test(back) && /[A-Za-z_]\w*::[A-Za-z_]\w*(?:<[^>]*>)?\s*(?:[(;{<]|::)/.test(line);
}

function looksLikeCode(line: string): boolean {
  return /[;{}]\s*$/.test(line.trim());
}

function sideText(s: string): string {
  return removeTags(s).trim();
}

/**
 * Obsidian Spaced Repetition multi-line cards: front lines (since the previous blank line), a line
 * holding only the separator, back lines (until the next blank line). The reversed separator makes a
 * pair.
 */
export function multilineSeparatorCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const seps = [
    { sep: ctx.separators.multilineReversed.trim(), reversed: true },
    { sep: ctx.separators.multiline.trim(), reversed: false },
  ].sort((a, b) => b.sep.length - a.sep.length);
  const stop = (i: number) => !isFree(ctx, i) || isBlank(text[i]) || headingOf(text[i]) !== null;
  for (let i = 0; i < text.length; i++) {
    if (!isFree(ctx, i)) continue;
    const t = text[i].trim();
    const match = seps.find((s) => s.sep === t);
    if (!match) continue;
    let start = i;
    for (let j = i - 1; j >= 0; j--) {
      if (ctx.scan.meta[j]) continue;
      if (stop(j)) break;
      start = j;
    }
    let end = i;
    for (let j = i + 1; j < text.length; j++) {
      if (ctx.scan.meta[j]) continue;
      if (stop(j)) break;
      end = j;
    }
    if (start === i || end === i) continue;
    const frontText = linesText(ctx, start, i - 1);
    const front = frontText.includes("\n") ? sideText(frontText) : cleanFront(frontText);
    const back = sideText(linesText(ctx, i + 1, end));
    if (!front || !back) continue;
    claim(ctx, start, end);
    cards.push({ front, back, kind: match.reversed ? "reversed" : "basic", start, end, block: start, shape: "multiline-separator" });
    if (match.reversed) cards.push({ front: back, back: front, kind: "reversed", start, end, block: start, shape: "multiline-separator" });
    i = end;
  }
  return cards;
}

/** Children of a line: the following lines indented deeper than it (RemNote `>>>`). */
function childrenEnd(ctx: NoteContext, i: number): number {
  const text = ctx.scan.text;
  const base = indentOf(text[i]);
  let end = i;
  for (let j = i + 1; j < text.length; j++) {
    if (ctx.scan.meta[j] || isBlank(text[j])) continue;
    if (indentOf(text[j]) <= base && !ctx.scan.code[j]) break;
    end = j;
  }
  return end;
}

/**
 * Single-line cards: `front::back`, `side1:::side2` (reversed pair; the longer separator is checked
 * first), and RemNote's `front >> back`, `back << front`, `a <> b`, and `front >>>` with indented
 * children as the back. Separators inside inline code or math never count.
 */
export function inlineSeparatorCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const seps = [
    { sep: ctx.separators.inlineReversed, reversed: true },
    { sep: ctx.separators.inline, reversed: false },
  ].sort((a, b) => b.sep.length - a.sep.length);
  for (let i = 0; i < text.length; i++) {
    if (!isFree(ctx, i)) continue;
    const line = text[i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("|") || LOGSEQ_PROPERTY.test(line) || looksLikeCode(line)) continue;
    const masked = maskInlineCode(line).replace(/\{\{.*?\}\}/g, (m) => "\u0001".repeat(m.length));
    let made = false;
    for (const { sep, reversed } of seps) {
      const at = masked.indexOf(sep);
      if (at < 0) continue;
      const front = line.slice(0, at);
      const back = line.slice(at + sep.length);
      if (isScopeOperator(front, back, line)) break;
      const f = cleanFront(front);
      const b = sideText(back);
      if (!f || !b) break;
      cards.push({ front: f, back: b, kind: reversed ? "reversed" : "basic", start: i, end: i, block: i, shape: "inline-separator" });
      if (reversed) cards.push({ front: b, back: f, kind: "reversed", start: i, end: i, block: i, shape: "inline-separator" });
      claim(ctx, i, i);
      made = true;
      break;
    }
    if (made || masked.includes("::")) continue;
    const remnote = remnoteCard(ctx, i, line, masked);
    if (remnote.length) {
      cards.push(...remnote);
      i = remnote[0].end;
    }
  }
  // ">>" and "<<" also mean "much greater/less" in prose: one such line does not make a card file.
  const remnoteBlocks = new Set(cards.filter((c) => c.shape === "remnote").map((c) => c.block));
  if (remnoteBlocks.size < 2 && !ctx.flashcardNote) for (const c of cards) if (c.shape === "remnote") c.incidental = true;
  return cards;
}

function remnoteCard(ctx: NoteContext, i: number, line: string, masked: string): DraftCard[] {
  const multi = /^(.*\S)\s*>>>\s*$/.exec(masked);
  if (multi) {
    const end = lastContentLine(ctx, i, childrenEnd(ctx, i));
    if (end === i) return [];
    const front = cleanFront(line.slice(0, multi[1].length));
    const back = sideText(dedent(ctx.scan.text.slice(i + 1, end + 1).filter((_, k) => !ctx.scan.meta[i + 1 + k])));
    if (!front || !back) return [];
    claim(ctx, i, end);
    return [{ front, back, kind: "basic", start: i, end, block: i, shape: "remnote" }];
  }
  const m = /\s(<>|>>|<<)\s/.exec(masked);
  if (!m) return [];
  const left = cleanFront(line.slice(0, m.index));
  const right = sideText(line.slice(m.index + m[0].length));
  if (!left || !right || /^[<>]/.test(right)) return [];
  claim(ctx, i, i);
  const base = { start: i, end: i, block: i, shape: "remnote" as const };
  if (m[1] === ">>") return [{ ...base, front: left, back: right, kind: "basic" }];
  if (m[1] === "<<") return [{ ...base, front: cleanFront(right), back: left, kind: "basic" }];
  return [
    { ...base, front: left, back: right, kind: "reversed" },
    { ...base, front: cleanFront(right), back: left, kind: "reversed" },
  ];
}
