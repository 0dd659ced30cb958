import type { Block } from "../scan";
import { indentOf, listItemOf, maskInlineCode } from "../scan";
import type { DraftCard, NoteContext } from "../note";
import { linesText } from "../note";
import { isGenericLabel } from "../outline";
import { cleanFront, dedent, plainText, wordCount } from "../text";

export interface TermHit {
  term: string;
  definition: string;
  start: number;
  end: number;
}

/** Capitalised past tense opens a report of what someone did ("Applied LoRA…"), not a definition. */
function isReport(definition: string): boolean {
  const first = /^\p{Lu}[\p{L}-]+/u.exec(definition.trim())?.[0] ?? "";
  return first.length >= 4 && /ed$/.test(first) && !/eed$/.test(first);
}

/** Splits "**Term**: definition", "**Term:** definition", "Term: definition", "Term — definition". */
function splitTerm(text: string): { term: string; definition: string; bold: boolean } | null {
  const t = text.replace(/^\s*(?:[•·]\s+)/, "").replace(/^(?:(\*\*|__)\s*\d{1,3}[.)]\s*\1|\d{1,3}[.)])\s*/, "");
  const masked = maskInlineCode(t).replace(/<?https?:\/\/\S+/g, (m) => "\u0001".repeat(m.length)).replace(/\]\([^)]*\)/g, (m) => "\u0001".repeat(m.length));
  const boldLead = /^(\*\*|__)(.+?)\1/.exec(masked);
  let at = -1;
  let width = 1;
  const colon = /[:：]/.exec(masked);
  // A hyphen separates only after a bold term ("**TCP** - reliable"); elsewhere it is prose.
  const dash = /\s[—–]\s/.exec(masked) ?? (boldLead ? /^(?:\*\*|__).+?(?:\*\*|__)(\s-\s)/.exec(masked) : null);
  if (colon && (!dash || colon.index < dash.index)) at = colon.index;
  else if (dash) {
    const sep = dash[1] ?? dash[0];
    at = dash.index + dash[0].length - sep.length;
    width = sep.length;
  }
  if (at <= 0) return null;
  const head = t.slice(0, at);
  const bold = /\*\*|__/.test(head) || (!!boldLead && boldLead[0].length >= at);
  let rest = t.slice(at + width);
  // "**Term:** text": the colon sits inside the bold span, whose closing marks start the rest.
  if ((head.match(/\*\*|__/g) ?? []).length % 2 === 1) rest = rest.replace(/^\s*(\*\*|__)/, "");
  const term = plainText(head).replace(/\s+/g, " ").trim();
  return { term, definition: rest.trim(), bold };
}

function acceptableTerm(term: string, bold: boolean): boolean {
  if (!term || term.length > 60 || !/\p{L}/u.test(term) || /[.!?;]$/.test(term)) return false;
  const words = wordCount(term);
  if (words < 1 || words > 6 || isGenericLabel(term)) return false;
  if (!bold && !/^[\p{Lu}\p{N}`"“(]/u.test(term)) return false;
  return !/^(?:step|part|day|week|note|tip|warning|important|source|link|url|date|time|author|status|priority|total|todo|must|should|q|a|created|updated|modified|tags?|aliases|type|category|rating|reviewed|course|lecture|professor|instructor|teacher|location|attendees|people|project|due|deadline|version|license|email|phone|website|publisher|year|isbn|pages)\b/i.test(term);
}

/**
 * Definition-like list items: `**Term**: text`, `Term: text` (plain form only when the list has at
 * least two of them, so a stray "Note: …" is not a glossary), and bold terms whose definition is their
 * nested list.
 */
export function termsInList(ctx: NoteContext, list: Block & { type: "list" }): TermHit[] {
  const candidates: (TermHit & { bold: boolean })[] = [];
  list.items.forEach((item, k) => {
    if (item.parent !== -1 || item.checked !== null) return;
    const split = splitTerm(item.text);
    if (!split || !acceptableTerm(split.term, split.bold)) return;
    const next = list.items[k + 1];
    const ownEnd = next && next.line <= item.end ? next.line - 1 : item.end;
    // Unindented lines after an item are lazy continuations in CommonMark, but people mean a new paragraph.
    let indentedEnd = item.line;
    while (indentedEnd < ownEnd && (indentOf(ctx.scan.text[indentedEnd + 1]) > item.indent || ctx.scan.meta[indentedEnd + 1])) indentedEnd++;
    const continuation = indentedEnd > item.line ? linesText(ctx, item.line + 1, indentedEnd) : "";
    const children = next && next.line <= item.end ? linesText(ctx, next.line, item.end) : "";
    const inline = [split.definition, continuation].filter(Boolean).join("\n").trim();
    if (inline) {
      if (wordCount(inline) < 2 || isReport(split.definition || continuation)) return;
    } else if (!children || !split.bold) return;
    const end = children ? item.end : indentedEnd;
    candidates.push({ term: split.term, definition: [inline, children].filter(Boolean).join("\n"), start: item.line, end, bold: split.bold });
  });
  return candidates.filter((c) => c.bold || candidates.length >= 2);
}

/** Glossary paragraphs: two or more consecutive `Term: definition` lines, or definition lists (`Term` / `: definition`). */
export function termsInParagraph(ctx: NoteContext, block: Block): TermHit[] {
  const hits: TermHit[] = [];
  const text = ctx.scan.text;
  for (let i = block.start; i < block.end; i++) {
    const definition = /^\s{0,3}:\s+(.+)$/.exec(text[i + 1]);
    if (!definition || /^\s{0,3}:/.test(text[i]) || !acceptableTerm(plainText(text[i]).trim(), true)) continue;
    hits.push({ term: plainText(text[i]).trim(), definition: definition[1], start: i, end: i + 1 });
  }
  if (hits.length) return hits;
  for (let i = block.start; i <= block.end; i++) {
    if (ctx.scan.meta[i]) continue;
    const split = splitTerm(ctx.scan.text[i]);
    if (!split || !acceptableTerm(split.term, split.bold) || wordCount(split.definition) < 2 || isReport(split.definition)) continue;
    hits.push({ term: split.term, definition: split.definition, start: i, end: i });
  }
  return hits.length >= 2 ? hits : [];
}

/** A term defined inline is a "Define:" card; one explained only by its nested list is a small topic. */
export function termCard(hit: TermHit, context: string | undefined): DraftCard {
  const listOnly = /^\s*(?:[-*+•·]|\d{1,9}[.)])\s/.test(hit.definition);
  const front = listOnly
    ? `Explain: ${context ? `${context} › ` : ""}${hit.term}`
    : context
      ? `Define: ${hit.term} (${context})`
      : `Define: ${hit.term}`;
  return {
    front,
    back: dedent(hit.definition.split("\n")),
    kind: listOnly ? "topic" : "term",
    start: hit.start,
    end: hit.end,
    block: hit.start,
    shape: "term",
  };
}

/**
 * Questions inside lists and paragraphs: a list item ending in "?" with indented children as the
 * answer, and a paragraph or item that opens with a bold question (`**Why X?** Because…`).
 */
export function inlineQuestionCards(ctx: NoteContext, block: Block): DraftCard[] {
  const cards: DraftCard[] = [];
  const make = (question: string, back: string, start: number, end: number) => {
    const front = cleanFront(question);
    if (front && back.trim()) cards.push({ front, back: back.trim(), kind: "basic", start, end, block: start, shape: "list-question" });
  };
  if (block.type === "list") {
    const taken = new Set<number>();
    block.items.forEach((item, k) => {
      if (item.checked !== null || taken.has(item.parent)) return;
      const lead = /^(\*\*|__)([^*_]+\?)\1\s*(.*)$/.exec(item.text.trim());
      const before = cards.length;
      if (lead && lead[3]) {
        const rest = item.end > item.line ? linesText(ctx, item.line + 1, item.end) : "";
        make(lead[2], [lead[3], rest].filter(Boolean).join("\n"), item.line, item.end);
      } else if (item.end > item.line && /\?\s*$/.test(plainText(item.text)) && wordCount(item.text) >= 3) {
        // "1. What is X?" with the answer indented below it (a nested list or a paragraph)
        make(lead ? lead[2] : item.text, linesText(ctx, item.line + 1, item.end), item.line, item.end);
      }
      if (cards.length > before) taken.add(k);
    });
  } else if (block.type === "paragraph") {
    const text = linesText(ctx, block.start, block.end);
    const lead = /^(\*\*|__)([^*_]+\?)\1\s*([\s\S]+)$/.exec(text);
    if (lead && !listItemOf(ctx.scan.text[block.start])) make(lead[2], lead[3], block.start, block.end);
  }
  return cards;
}

const PROBLEM = /^(?:challenge|problem|issue|risk|limitation|pitfall|symptom|bug|error)s?$/i;
const REMEDY = /^(?:mitigation|solution|fix|remedy|workaround|resolution|answer|approach|strategy)s?$/i;

/**
 * Problem/remedy pairs in lists — `**Challenge**: X` with `**Mitigation**: Y` nested under it or
 * right after it — become "X — mitigation?" cards: the question a student would ask of such a list.
 */
export function pairCards(ctx: NoteContext, list: Block & { type: "list" }): DraftCard[] {
  const cards: DraftCard[] = [];
  const labelled = list.items.map((item) => {
    const split = splitTerm(item.text);
    return split && (PROBLEM.test(split.term) || REMEDY.test(split.term)) ? split : null;
  });
  list.items.forEach((item, k) => {
    const problem = labelled[k];
    if (!problem || !PROBLEM.test(problem.term) || !problem.definition) return;
    // the remedy: the first item after it that is its child or its next sibling
    const r = list.items.findIndex((other, j) => j > k && (other.parent === k || other.parent === item.parent) && labelled[j] !== null);
    const remedy = r >= 0 ? labelled[r] : null;
    if (!remedy || !REMEDY.test(remedy.term)) return;
    const remedyItem = list.items[r];
    const rest = remedyItem.end > remedyItem.line ? linesText(ctx, remedyItem.line + 1, remedyItem.end) : "";
    const back = [remedy.definition, rest].filter(Boolean).join("\n").trim();
    if (!back) return;
    const end = Math.max(item.end, remedyItem.end);
    const front = `${problem.definition.replace(/[\s.;:,]+$/, "")} — ${remedy.term.toLowerCase()}?`;
    cards.push({ front, back, kind: "basic", start: item.line, end, block: item.line, shape: "list-question" });
  });
  return cards;
}
