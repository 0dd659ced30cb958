import type { ResultType, SearchMode } from "./types";

/** One candidate hit with both relevance signals, whichever list it came from. */
export interface Candidate {
  type: ResultType;
  id: string;
  /** Cosine similarity with the query; null when not embedded (yet) with the query's model. */
  similarity: number | null;
  /** ts_rank_cd against any of the query's words; 0 when none occurs. */
  keywordRank: number;
  /** Every query word occurs (websearch_to_tsquery matches). */
  allWords: boolean;
}

export interface RankedCandidate<C extends Candidate> {
  candidate: C;
  score: number;
}

/**
 * Keyword relevance in [0, 1): all words present counts most, then cover density of the words that
 * are. ts_rank_cd is unbounded, so it is squashed with r / (r + 1).
 */
export function keywordScore(candidate: Candidate): number {
  const density = candidate.keywordRank / (candidate.keywordRank + 1);
  return (candidate.allWords ? 0.5 : 0) + 0.5 * density;
}

export const HYBRID_KEYWORD_WEIGHT = 0.3;

/** Orders candidates best first for a mode and gives each its score. */
export function rankCandidates<C extends Candidate>(candidates: C[], mode: SearchMode): RankedCandidate<C>[] {
  const score = (c: C): number => {
    const semantic = c.similarity ?? 0;
    if (mode === "semantic") return semantic;
    if (mode === "keyword") return keywordScore(c);
    return (1 - HYBRID_KEYWORD_WEIGHT) * semantic + HYBRID_KEYWORD_WEIGHT * keywordScore(c);
  };
  return candidates
    .map((candidate) => ({ candidate, score: score(candidate) }))
    .sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id));
}
