import type { ResultType, SearchMode } from "./types";

/** One candidate hit with both relevance signals, whichever list it came from. */
export interface Candidate {
  type: ResultType;
  id: string;
  /** Cosine similarity with the query; null when not embedded (yet) with the query's model. */
  similarity: number | null;
  /**
   * Share of the query's words the hit contains, each word weighted by its rarity (inverse document
   * frequency), in [0, 1]: a rare word like "perplexity" counts far more than "model".
   */
  coverage: number;
  /** Matches the whole query in websearch syntax (every word, "phrases", -exclusions). */
  allWords: boolean;
  /** ts_rank_cd cover density of the query words: breaks ties between equal scores. */
  density: number;
}

export interface RankedCandidate<C extends Candidate> {
  candidate: C;
  score: number;
}

/** Keyword relevance in [0, 1]: hits matching the whole query first, then by weighted coverage. */
export function keywordScore(candidate: Candidate): number {
  return (candidate.coverage + (candidate.allWords ? 1 : 0)) / 2;
}

/**
 * Weight of keyword coverage in hybrid scores. Plain reciprocal rank fusion scored below semantic
 * alone; a weighted sum of cosine and coverage beat both on `npm run eval:search`, and the gain was
 * flat from 0.2 to 0.5, so the low end keeps meaning first.
 */
export const HYBRID_KEYWORD_WEIGHT = 0.2;

/** Orders candidates best first for a mode and gives each its score. */
export function rankCandidates<C extends Candidate>(candidates: C[], mode: SearchMode): RankedCandidate<C>[] {
  const score = (c: C): number => {
    const semantic = c.similarity ?? 0;
    if (mode === "semantic") return semantic;
    if (mode === "keyword") return keywordScore(c);
    return (1 - HYBRID_KEYWORD_WEIGHT) * semantic + HYBRID_KEYWORD_WEIGHT * c.coverage;
  };
  return candidates
    .map((candidate) => ({ candidate, score: score(candidate) }))
    .sort((a, b) => b.score - a.score || b.candidate.density - a.candidate.density || a.candidate.id.localeCompare(b.candidate.id));
}
