/** Longer queries are cut: the model reads 256 tokens at most, and a 100 KB query must not reach SQL whole. */
export const MAX_QUERY_CHARS = 1000;
const MAX_QUERY_WORDS = 48;

/** Whitespace collapsed, at most MAX_QUERY_CHARS (cut at a word boundary when there is one). */
export function normaliseQuery(query: string): string {
  const collapsed = query.replace(/\s+/g, " ").trim();
  if (collapsed.length <= MAX_QUERY_CHARS) return collapsed;
  const cut = collapsed.slice(0, MAX_QUERY_CHARS);
  const lastSpace = cut.lastIndexOf(" ");
  return (lastSpace > MAX_QUERY_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trim();
}

/**
 * The query's words joined with websearch "or", for ranking documents that contain some of the words,
 * not only all of them (a paraphrase rarely repeats every word). Quotes and leading "-" are dropped so
 * the user's words are never read as operators; websearch_to_tsquery ignores any other punctuation.
 */
export function anyWordQuery(query: string): string {
  const words = new Set<string>();
  for (const raw of query.split(/\s+/)) {
    const word = raw.replace(/"/g, "").replace(/^-+/, "");
    if (word && word.toLowerCase() !== "or") words.add(word.toLowerCase());
    if (words.size >= MAX_QUERY_WORDS) break;
  }
  return [...words].join(" or ");
}
