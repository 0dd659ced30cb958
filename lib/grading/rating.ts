import type { Verdict } from "./types";

/** FSRS ratings: 1 Again, 2 Hard, 3 Good, 4 Easy. */
export type FsrsRating = 1 | 2 | 3 | 4;

/**
 * The documented mapping from a 0–5 grade to the rating the user confirms or overrides:
 * below 2 → Again (1), below 3 → Hard (2), below 4.5 → Good (3), 4.5 and above → Easy (4).
 */
export function scoreToRating(score: number): FsrsRating {
  if (score < 2) return 1;
  if (score < 3) return 2;
  if (score < 4.5) return 3;
  return 4;
}

/** Verdict thresholds: 4 and above correct, 2 and above partly, below 2 wrong (so "wrong" is always Again). */
export function verdictForScore(score: number): Verdict {
  if (score >= 4) return "correct";
  if (score >= 2) return "partly";
  return "wrong";
}
