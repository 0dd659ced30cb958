/**
 * The note's outline: sections from headings and heading-like lines, each classified as a question,
 * a topic, a generic label ("Answer:", "Advantages:"), a transparent container (a date), or furniture
 * to skip ("References", "TODO").
 *
 * Heading levels in real notes are unreliable (interview notes jump between # and ####), while their
 * numbering is not, so numbered headings are placed by their series: "## 9." after "# 7." and a
 * "# Quantization" section is a sibling of 7 (it continues the outer series); "# 1. Perplexity" right
 * after "# 12. Metrics" starts a sub-series and nests under it.
 */
import type { Block } from "./scan";
import { cleanFront, stripLeadingNumbering, unwrapEmphasis } from "./text";

export type SectionKind = "root" | "title" | "container" | "skip" | "question" | "label" | "topic";

export type SectionItem = { block: Block } | { section: Section };

export interface Section {
  kind: SectionKind;
  /** 0 root, 1–6 headings, 7 heading-like paragraphs (a bold line, a question line) */
  level: number;
  title: string;
  /** heading text as written, without '#' marks */
  heading: string;
  number?: number;
  numbered: boolean;
  pseudo: boolean;
  /** the heading is an "Answer:"-style label: dropped from backs */
  answerLabel: boolean;
  /** answer text sharing the heading's paragraph (`**Why?** Because…`) */
  inlineAnswer?: string;
  headingStart: number;
  headingEnd: number;
  /** last line of the section's subtree */
  end: number;
  items: SectionItem[];
  children: Section[];
  parent: Section | null;
  lastChildNumber?: number;
  depth: number;
}

/** Generic aspect headings: part of the item they sit in, never a topic of their own. */
const LABELS = new Set<string>([
  "answer", "answers", "ans", "a", "response", "reply", "solution", "solutions", "definition", "definitions", "meaning",
  "description", "overview", "summary", "key points", "key takeaways", "takeaways", "takeaway", "notes", "note", "example",
  "examples", "for example", "use case", "use cases", "application", "applications", "advantage", "advantages", "disadvantage",
  "disadvantages", "benefit", "benefits", "drawback", "drawbacks", "pros", "cons", "pros and cons", "limitation", "limitations",
  "challenge", "challenges", "issue", "issues", "problem", "problems", "risk", "risks", "mitigation", "mitigations", "strategy",
  "strategies", "technique", "techniques", "method", "methods", "approach", "approaches", "how it works", "how they work",
  "how to use", "how it's used", "mechanism", "process", "steps", "workflow", "implementation", "code", "code example", "syntax", "usage",
  "purpose", "goal", "goals", "motivation", "intuition", "idea", "key idea", "key ideas", "impact", "importance", "significance",
  "comparison", "differences", "similarities", "types", "kinds", "categories", "components", "features", "properties",
  "characteristics", "metrics", "evaluation", "results", "result", "output", "input", "tasks", "model", "interpretation",
  "context", "background", "introduction", "intro", "conclusion", "explanation", "details", "technical details",
  "recent trends", "trends", "tips", "articulation tips", "formula", "formulas", "equation", "proof", "when to use",
  "best practices", "pitfalls", "common mistakes", "caveats", "follow-up", "follow-ups", "extra", "hint", "hints", "remarks",
  "observations", "analysis", "discussion", "why it matters", "key concepts", "concepts", "considerations", "trade-offs",
  "tradeoffs", "variants", "alternatives", "in practice", "key terms", "glossary", "terminology", "vocabulary",
]);

const ANSWER_LABELS = new Set(["answer", "answers", "ans", "a", "response", "reply"]);

/** Sections that are never study content: their subtree gives no cards and no passages. */
const SKIP_TITLES = new Set([
  "table of contents", "contents", "toc", "references", "reference", "sources", "source", "bibliography",
  "citations", "footnotes", "links", "useful links", "navigation", "nav", "see also", "further reading", "related",
  "related notes", "related links", "backlinks", "changelog", "change log", "todo", "to do", "to-do", "tasks", "task list",
  "shopping list", "shopping", "groceries", "daily log", "habits", "habit tracker", "gratitude", 
  "meals", "workout", "agenda", "schedule", "plans", "plan for tomorrow", "tomorrow",
  "reminders", "inbox", "acknowledgements", "acknowledgments", "license", "credits", "contributing", "comments", "tags",
  "metadata", "attachments", "errands", "expenses", "budget", "calories", "morning", "afternoon", "evening",
  "night", "today", "yesterday", "journal", "diary", "highlights of the day", "reflections", "reflection",
  "action items", "attendees", "participants", "next steps", "how to contribute", "support", "sponsors", "authors",
  "maintainers", "roadmap", "faq links", "share", "subscribe",
]);

const WH = /^(?:what|what's|whats|why|how|when|where|which|who|whom|whose)\b/i;
const AUX = /^(?:is|are|was|were|can|could|should|would|will|do|does|did|has|have|had|may|might|must|shall)\s/i;
/** Imperatives that are never nouns: a heading starting with one asks something. */
const ASKING = /^(?:explain|describe|compare|contrast|define|discuss|differentiate|distinguish|elaborate|summari[sz]e|illustrate|justify|derive|enumerate|identify|analy[sz]e|evaluate|mention|prove|calculate|give|why's|how's)\b/i;
/** Imperatives that are also nouns ("State management", "List comprehensions"): a question only when phrased as one. */
const AMBIGUOUS = /^(?:name|list|state|outline|design|implement|write|show|walk|tell|solve|find|suggest|propose|recommend|predict|estimate|classify|interpret|review|assess|critique|demonstrate)\s+(\S+)/i;
const DETERMINER = /^(?:the|a|an|some|any|all|two|three|several|few|how|why|what|when|which|your|its|their|this|these|those|between|me|us|one|each|and|three|four|five|key|main|common|major|different)$/i;

const DATE =
  /^(?:\d{4}[-/.]?\d{2}[-/.]?\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s.*\d.*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s*\d{0,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s*\d{0,4}|(?:week|day)\s+\d+)$/i;

export function labelKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/[*_`]/g, "")
    .replace(/^[•·\-–\s]+/, "")
    .replace(/[\s:.!]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function isGenericLabel(title: string): boolean {
  return LABELS.has(labelKey(title));
}

export function isQuestionTitle(title: string): boolean {
  const t = title.trim();
  if (!t) return false;
  if (/\?\s*$/.test(t)) return true;
  if (WH.test(t) || AUX.test(t) || ASKING.test(t)) return true;
  const m = AMBIGUOUS.exec(t);
  return !!m && (/[.?]\s*$/.test(t) || DETERMINER.test(m[1]));
}

function numberingOf(heading: string): { numbered: boolean; number?: number } {
  const t = unwrapEmphasis(heading.replace(/^(?:[•·\-*+]\s+)+/, "").replace(/^(\*\*|__)(\s*\d{1,4}[.)]?)\s*\1/, "$2"));
  // "2.1 Vectors" is item 1 of the series under 2: the last component counts.
  const m = /^(?:\*\*|__)?(?:Q(?:uestion)?\s*)?(\d{1,4}(?:\.\d{1,3})*)(?:\s*[.):](?!\d)|\s)/i.exec(t);
  if (m && (m[1].includes(".") || /^(?:\*\*|__)?(?:Q(?:uestion)?\s*)?\d{1,4}\s*[.):]/i.test(t))) {
    return { numbered: true, number: Number(m[1].split(".").at(-1)) };
  }
  if (/^\.\s/.test(t)) return { numbered: true };
  return { numbered: false };
}

export function classifyHeading(heading: string): Pick<Section, "kind" | "title" | "number" | "numbered" | "answerLabel"> {
  const title = cleanFront(heading);
  const numbering = numberingOf(heading);
  const key = labelKey(title);
  let kind: SectionKind;
  if (!key) kind = "skip";
  else if (SKIP_TITLES.has(key)) kind = "skip";
  else if (DATE.test(key) || /^(?:part|chapter|section|unit|module|lecture|lesson|week)\s+\d+$/i.test(key)) kind = "container";
  else if (LABELS.has(key)) kind = "label";
  else if (isQuestionTitle(title) || isQuestionTitle(stripLeadingNumbering(title))) kind = "question";
  else kind = "topic";
  return { kind, title, ...numbering, answerLabel: ANSWER_LABELS.has(key) };
}

/**
 * Lines that act as headings in notes without Markdown headings: a whole bold line, a standalone
 * question line, a paragraph opening with a bold question (`**Why?** Because…`, the rest is answer).
 */
export function pseudoHeading(lines: string[]): { heading: string; question: boolean; rest?: string } | null {
  const content = lines.map((l) => l.trim()).filter(Boolean);
  if (!content.length) return null;
  const lead = /^(\*\*|__)([^*_\n]{2,200}\?)\1\s*(.*)$/.exec(content[0]);
  if (lead && (lead[3] || content.length > 1)) {
    return { heading: lead[2], question: true, rest: [lead[3], ...content.slice(1)].filter(Boolean).join("\n") };
  }
  // A question on a line of its own with its answer on the lines right below it, no blank line
  // between; a run of questions one per line is a list of questions, not a question and its answer,
  // and a first line that ends a sentence begun after another is hard-wrapped prose.
  const firstLine = stripGluedSource(content[0]);
  const oneSentence = !/[.!;]\s+\S/.test(firstLine);
  if (content.length > 1 && firstLine.length <= 200 && oneSentence && isQuestionLine(firstLine) && !/\?$/.test(content[1]) && !/^(?:[-*+•·]\s|\d+[.)]\s|[>|])/.test(firstLine)) {
    return { heading: firstLine, question: true, rest: content.slice(1).join("\n") };
  }
  if (content.length > 3) return null;
  const joined = content.join(" ");
  if (joined.length > 300 || /^(?:[-*+•·]\s|\d+[.)]\s|[>|])/.test(joined)) return null;
  const questionText = stripGluedSource(joined);
  if (isQuestionLine(questionText) && content.length <= 2) {
    return { heading: questionText, question: true };
  }
  const bold = /^(\*\*|__)([^*_]{2,118})\1\s*:?$/.exec(joined);
  if (bold && content.length === 1) return { heading: joined, question: /\?$/.test(bold[2].trim()) };
  return null;
}

/** Ends in one "?" and holds no other: a question, not a run of them. */
function isQuestionLine(text: string): boolean {
  return /\?$/.test(text) && !/\?.*\?/.test(text.replace(/\?$/, ""));
}

/** Chat exports glue the source site onto the question: "…in AnythingLLM?docs.anythingllm.com". */
export function stripGluedSource(line: string): string {
  return line.replace(/\?\s?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?$/i, "?").trim();
}

function newSection(partial: Partial<Section> & Pick<Section, "kind" | "level">): Section {
  return {
    title: "",
    heading: "",
    numbered: false,
    pseudo: false,
    answerLabel: false,
    headingStart: -1,
    headingEnd: -1,
    end: -1,
    items: [],
    children: [],
    parent: null,
    depth: 0,
    ...partial,
  };
}

/** Numbering and label rules may nest below heading levels; beyond this depth only levels count, so the outline stays shallow. */
const MAX_SERIES_DEPTH = 12;

/** A top-level entry of the note: a numbered item or a question under the root or the title. */
function isTopItem(s: Section): boolean {
  const parent = s.parent;
  if (!parent || s.pseudo || !(s.numbered || s.kind === "question")) return false;
  const root = parent.parent;
  const mayBeTitle = root?.kind === "root" && root.children.length === 1 && !parent.numbered && parent.kind !== "question";
  return parent.kind === "root" || mayBeTitle;
}

/** "Answer:", "• Challenges:", "• Context Maintenance:" — headings that introduce a part of the item above them. */
function isSubPart(h: Section): boolean {
  return h.kind === "label" || /^\s*(?:[•·▪‣-]\s)/.test(h.heading);
}

/** Where a heading goes: standard level nesting, corrected by numbering series and generic labels. */
function parentIndex(stack: Section[], h: Section): number {
  let target = stack.length - 1;
  while (target > 0 && stack[target].level >= h.level) target--;
  if (h.pseudo || stack.length >= MAX_SERIES_DEPTH) return target;
  if (h.number !== undefined) {
    for (let k = stack.length - 1; k >= 0; k--) {
      const last = stack[k].lastChildNumber;
      if (last !== undefined && h.number > last && h.number <= last + 3) return k;
    }
    if (h.number === 1) {
      const closing = stack.slice(target + 1);
      if (closing.some((s) => s.numbered && (s.number ?? 0) > 1 && s.level === h.level)) return stack.length - 1;
    }
    return target;
  }
  // Levels lie in pasted notes ("#### 3. Question?" then "## • Challenges:"); a sub-part stays with its item.
  if (isSubPart(h) && !h.numbered) {
    for (let k = stack.length - 1; k > target; k--) if (isTopItem(stack[k])) return k;
  }
  return target;
}

/** Builds the outline from blocks; `headingLike` decides which paragraphs act as headings. */
export function buildOutline(blocks: Block[], lines: string[], headingLike: (b: Block) => boolean): Section {
  const root = newSection({ kind: "root", level: 0 });
  const stack: Section[] = [root];
  for (const block of blocks) {
    let section: Section | null = null;
    if (block.type === "heading") {
      section = newSection({ ...classifyHeading(block.text), level: block.level, heading: block.text, headingStart: block.start, headingEnd: block.end });
    } else if (block.type === "paragraph" && headingLike(block)) {
      const pseudo = pseudoHeading(lines.slice(block.start, block.end + 1))!;
      const classified = classifyHeading(pseudo.heading);
      // A bold line asks without a "?" when it is a prompt ("**Tell me about a time you failed.**",
      // "**Describe your last project**"); a word or two ("**Explain**") is a label.
      const prompt = classified.kind === "question" && classified.title.split(/\s+/).length >= 3;
      const kind = pseudo.question || prompt ? "question" : classified.kind === "question" ? "topic" : classified.kind;
      const title = classified.title.replace(/^(\W*)(\p{Ll})/u, (_, lead: string, c: string) => lead + c.toUpperCase());
      section = newSection({
        ...classified,
        title,
        kind,
        level: 7,
        pseudo: true,
        heading: pseudo.heading,
        inlineAnswer: pseudo.rest,
        headingStart: block.start,
        headingEnd: block.end,
        numbered: false,
        number: undefined,
      });
    }
    if (!section) {
      stack[stack.length - 1].items.push({ block });
      continue;
    }
    const at = parentIndex(stack, section);
    stack.length = at + 1;
    const parent = stack[at];
    section.parent = parent;
    section.depth = parent.depth + 1;
    parent.children.push(section);
    parent.items.push({ section });
    if (section.number !== undefined) parent.lastChildNumber = section.number;
    stack.push(section);
  }
  setEnds(root, lines.length - 1);
  markTitle(root);
  return root;
}

/** Subtree end lines, iteratively (outlines are shallow, but never trust input). */
function setEnds(root: Section, lastLine: number): void {
  const order: Section[] = [];
  const todo: Section[] = [root];
  while (todo.length) {
    const s = todo.pop()!;
    order.push(s);
    todo.push(...s.children);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const s = order[k];
    let end = s.headingEnd;
    for (const item of s.items) end = Math.max(end, "block" in item ? item.block.end : item.section.end);
    s.end = s === root ? lastLine : end;
  }
}

/** A single top-level heading that spans the note is its title, not a topic. */
function markTitle(root: Section): void {
  const sections = root.items.filter((i): i is { section: Section } => "section" in i);
  const blocksBefore = root.items.findIndex((i) => "section" in i);
  if (sections.length !== 1 || blocksBefore !== 0) return;
  const only = sections[0].section;
  if (only.pseudo || only.kind === "question" || only.kind === "skip") return;
  if (only.kind !== "container") only.kind = "title";
}

export function walkSections(root: Section, visit: (s: Section) => void): void {
  const todo: Section[] = [root];
  while (todo.length) {
    const s = todo.pop()!;
    visit(s);
    for (let k = s.children.length - 1; k >= 0; k--) todo.push(s.children[k]);
  }
}

/** Titles from the top down to this section, without the root, containers, and labels. */
export function contextPath(section: Section): string[] {
  const path: string[] = [];
  for (let s = section.parent; s && s.kind !== "root"; s = s.parent) {
    if (s.kind === "container" || s.kind === "label" || s.kind === "skip" || !s.title) continue;
    path.unshift(s.title);
  }
  return path;
}
