/** A passage of the user's own notes (or a card) given to a grader as evidence. */
export interface Passage {
  /** Stable id the grader cites, e.g. "p1". Only ids of passages actually given may be cited. */
  id: string;
  text: string;
  source: { path: string; startLine: number; endLine: number };
}

export interface GradeRequest {
  question: string;
  reference: string;
  answer: string;
  /** Retrieved passages of the user's notes; may be empty. */
  passages: Passage[];
}

export type Verdict = "correct" | "partly" | "wrong";
export type GraderName = "offline" | "llm";

export interface Grade {
  /** 0..5, clamped. */
  score: number;
  verdict: Verdict;
  /** Reference points the answer got right. */
  pointsHit: string[];
  /** Reference points missing or wrong in the answer. */
  pointsMissed: string[];
  explanation: string;
  /** Ids of `GradeRequest.passages` the explanation relies on. */
  citations: string[];
  grader: GraderName;
  /** Model that produced the grade (LLM model name, or the offline grader's version). */
  model: string;
  /** Set when the LLM grader failed and the offline grader answered instead: what went wrong. */
  fallbackReason?: string;
}
