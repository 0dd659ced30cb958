/** Notes larger than this are refused by decodeNoteFile and not parsed by cardsFromMarkdown. */
export const MAX_NOTE_BYTES = 5 * 1024 * 1024;

/**
 * renderMarkdown shows Markdown beyond these limits as plain text: remark slows down badly with size,
 * nesting and unmatched emphasis/bracket delimiters (thousands of them take seconds per paragraph).
 */
export const MAX_RENDER_CHARS = 200_000;
export const MAX_RENDER_NESTING = 32;
export const MAX_RENDER_DELIMITERS = 2_000;
