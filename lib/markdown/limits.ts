/** Notes larger than this are refused by decodeNoteFile and not parsed by cardsFromMarkdown. */
export const MAX_NOTE_BYTES = 5 * 1024 * 1024;

/** renderMarkdown renders larger or more deeply nested Markdown as plain text (remark slows down badly beyond). */
export const MAX_RENDER_CHARS = 100_000;
export const MAX_RENDER_NESTING = 32;
