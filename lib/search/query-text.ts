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

export interface QueryWords {
  /** Distinct words to look for, lower-cased, quotes dropped. */
  include: string[];
  /** Words written as -word (websearch syntax): hits containing them are left out. */
  exclude: string[];
}

/**
 * The query's words for keyword scoring, each one on its own (a paraphrase rarely repeats every word
 * of its target). Quotes are dropped and "or" is not a word, so user input is never read as an
 * operator; websearch_to_tsquery turns each word into lexemes and ignores any other punctuation.
 */
export function queryWords(query: string): QueryWords {
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const raw of query.toLowerCase().split(/\s+/)) {
    const word = raw.replace(/"/g, "");
    const negated = /^-+[^-]/.test(word);
    const bare = word.replace(/^-+/, "");
    if (!bare || bare === "or") continue;
    (negated ? exclude : include).add(bare);
    if (include.size + exclude.size >= MAX_QUERY_WORDS) break;
  }
  return { include: [...include], exclude: [...exclude] };
}
