/**
 * Card identity across re-imports — where flashcard tools lose people's history.
 *
 * The rule, applied per note file:
 *  1. A new candidate keeps the id of an existing card (active or retired) of the same note whose
 *     normalised front is equal. Answers may change freely; so may the card's position in the file.
 *  2. Remaining candidates are paired with remaining existing cards whose fronts are similar
 *     (character-bigram Dice ≥ 0.8, e.g. a typo or punctuation edit), best pairs first; a tie
 *     on the front is broken by the back's similarity.
 *  3. Candidates left over are new cards; active cards left over are retired (kept with their history).
 */

export interface ExistingCardKey {
  id: string;
  frontKey: string;
  back: string;
  kind: string;
}

export interface CandidateKey {
  frontKey: string;
  back: string;
  kind: string;
}

export interface CardMatchPlan {
  /** candidate index → existing card id */
  matched: Map<number, string>;
  /** candidate indexes with no existing card */
  created: number[];
  /** existing cards no candidate claimed */
  unmatched: string[];
}

export const FRONT_SIMILARITY_THRESHOLD = 0.8;

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice coefficient over character bigrams: 1 for equal strings, robust to small edits. */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let overlap = 0;
  for (const [gram, count] of ga) overlap += Math.min(count, gb.get(gram) ?? 0);
  return (2 * overlap) / (a.length - 1 + b.length - 1);
}

export function matchCards(existing: ExistingCardKey[], candidates: CandidateKey[]): CardMatchPlan {
  const matched = new Map<number, string>();
  const taken = new Set<string>();

  // Pass 1: equal normalised fronts (same kind first, so a reversed pair keeps its two ids).
  const byFront = new Map<string, ExistingCardKey[]>();
  for (const card of existing) {
    const list = byFront.get(card.frontKey) ?? [];
    list.push(card);
    byFront.set(card.frontKey, list);
  }
  candidates.forEach((candidate, index) => {
    const pool = (byFront.get(candidate.frontKey) ?? []).filter((card) => !taken.has(card.id));
    if (pool.length === 0) return;
    const best = pool.find((card) => card.kind === candidate.kind && card.back === candidate.back) ?? pool.find((card) => card.kind === candidate.kind) ?? pool[0];
    matched.set(index, best.id);
    taken.add(best.id);
  });

  // Pass 2: similar fronts among what is left, best pairs first.
  const restExisting = existing.filter((card) => !taken.has(card.id));
  const pairs: { index: number; id: string; score: number }[] = [];
  candidates.forEach((candidate, index) => {
    if (matched.has(index)) return;
    for (const card of restExisting) {
      const front = textSimilarity(candidate.frontKey, card.frontKey);
      if (front < FRONT_SIMILARITY_THRESHOLD) continue;
      // The back only breaks ties between equally similar fronts.
      pairs.push({ index, id: card.id, score: front + 0.01 * textSimilarity(candidate.back, card.back) });
    }
  });
  pairs.sort((a, b) => b.score - a.score);
  for (const pair of pairs) {
    if (matched.has(pair.index) || taken.has(pair.id)) continue;
    matched.set(pair.index, pair.id);
    taken.add(pair.id);
  }

  return {
    matched,
    created: candidates.map((_, index) => index).filter((index) => !matched.has(index)),
    unmatched: existing.filter((card) => !taken.has(card.id)).map((card) => card.id),
  };
}
