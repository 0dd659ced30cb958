/**
 * Markdown notes → flashcard candidates, passages and render-ready HTML. Pure functions, no I/O.
 *
 * Pipeline (lib/markdown/parse.ts): decode bytes → scan blocks (scan.ts, linear, never recursive) →
 * frontmatter and tags → authored card syntaxes (shapes/*.ts, each claims its lines) → if the note has
 * none, syntax-free shapes from the outline (outline.ts, shapes/sections.ts) → tags, deck, prior
 * schedule → passages.
 *
 * Per-note settings in YAML frontmatter:
 * - `tags`: list or string; `deck`: deck name ('/' or '::' separated); `title`.
 * - `sr-due`, `sr-interval`, `sr-ease`: a prior schedule for cards without their own `<!--SR:…-->`.
 * - `recall-separators`: overrides any field of `Separators`, e.g.
 *   `recall-separators: { inline: ";;", inlineReversed: ";;;", multiline: "??", clozeBold: true }`.
 *   Invalid values are reported as a warning and ignored.
 * - `recall-infer: false` imports only cards written with explicit syntax; `recall-infer: true` also
 *   infers question/topic/term cards in a note that has explicit cards (by default a note with any
 *   explicit card gets only those).
 *
 * See lib/markdown/README.md for the recognised shapes, rules and limits.
 */
export type {
  CardKind,
  CardShape,
  PriorSchedule,
  CardCandidate,
  NotePassage,
  ParseIssue,
  Separators,
  ParsedNote,
} from "./types";
export { cardsFromMarkdown, defaultSeparators } from "./parse";
export { decodeNoteFile } from "./decode";
export { deckFromPath } from "./paths";
export { normaliseFront } from "./normalise";
export { renderMarkdown } from "./render";
export { MAX_NOTE_BYTES } from "./limits";

/** Bump when the card rules change: the importer then parses every file once more, even an unchanged one. */
export const PARSER_VERSION = "2";
