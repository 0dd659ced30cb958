export type CardKind = "basic" | "reversed" | "cloze" | "topic" | "term";

/** Which recogniser produced a card; useful in the UI ("from a question heading") and in tests. */
export type CardShape =
  | "colon-p"
  | "anki-block"
  | "details"
  | "qa-label"
  | "multiline-separator"
  | "inline-separator"
  | "remnote"
  | "marker-tag"
  | "anki-text"
  | "cloze"
  | "table"
  | "callout"
  | "question-heading"
  | "question-line"
  | "list-question"
  | "topic"
  | "term";

/** A review history imported from another tool (Obsidian Spaced Repetition, Logseq). */
export interface PriorSchedule {
  /** YYYY-MM-DD */
  due: string;
  intervalDays: number;
  /** e.g. 2.5 (Obsidian's 250 is converted) */
  ease: number;
}

export interface CardCandidate {
  /** Markdown; the clean question (no numbering, bold wrapper, "Q:" label, marker tags). */
  front: string;
  /** Markdown as written (lists, fences, tables, math, links); relative image paths resolved against the note's folder. */
  back: string;
  kind: CardKind;
  /** lowercase, without '#': frontmatter tags, tag-only lines, and tags inside the card's own lines. */
  tags: string[];
  /** Only when the note says so (frontmatter `deck`, TARGET DECK, `#deck:`, nested `#flashcards/x/y`); '/'-separated. */
  deck?: string;
  /** 1-based inclusive line range in the source file. */
  startLine: number;
  endLine: number;
  /** Cards from one block (reversed pair, clozes of one paragraph) share it, so review can bury siblings. Unique within the note ("L12": the block's first line); prefix the note path for a global key. */
  siblingKey: string;
  prior?: PriorSchedule;
  shape: CardShape;
}

/** A section-sized chunk of study content, for semantic search and grading citations. */
export interface NotePassage {
  text: string;
  headingPath: string[];
  startLine: number;
  endLine: number;
}

export interface ParseIssue {
  path: string;
  line: number;
  severity: "error" | "warning";
  message: string;
}

/**
 * Card syntax a note may use. Defaults follow the tools people come from; a note overrides any of
 * them in its frontmatter under `recall-separators` (see index.ts).
 */
export interface Separators {
  /** Obsidian Spaced Repetition single-line card: `front::back`. */
  inline: string;
  /** Reversed pair on one line: `side1:::side2`. */
  inlineReversed: string;
  /** A line holding only this separates a multi-line front from its back. */
  multiline: string;
  /** Same, producing a reversed pair. */
  multilineReversed: string;
  /** `==deletion==` clozes. */
  clozeHighlight: boolean;
  /** `**deletion**` clozes. Off by default because study notes use bold for emphasis; notes tagged with a deck tag (#flashcards) turn it on. */
  clozeBold: boolean;
  /** `{{deletion}}` clozes (Anki's `{{c1::…}}` and Logseq's `{{cloze …}}` are always recognised). */
  clozeCurly: boolean;
  /** Obsidian_to_Anki block delimiters (whole trimmed lines). */
  blockStart: string[];
  blockEnd: string[];
  /** Tags that mark a single line/heading/block as a card (`Question #flashcard`, Logseq `#card`). */
  cardTags: string[];
  /** Tags that mark a note as a flashcard note; nested forms (`#flashcards/ml/nlp`) name the deck. */
  deckTags: string[];
}

export interface ParsedNote {
  cards: CardCandidate[];
  passages: NotePassage[];
  issues: ParseIssue[];
  title?: string;
  frontmatter: Record<string, unknown>;
}
