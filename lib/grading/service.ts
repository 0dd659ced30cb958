import type { PrismaClient } from "../db";
import type { Embedder } from "../embeddings";
import { searchNotes } from "../search/search";
import { gradeAnswer, type GradeOptions } from "./grade";
import { scoreToRating, type FsrsRating } from "./rating";
import type { Grade, Passage } from "./types";

export const PASSAGES_FOR_GRADING = 4;

export interface CitedPassage extends Passage {
  cited: boolean;
}

export interface StoredGrade {
  answerId: string;
  grade: Grade;
  /** The passages the grader was given, marking the ones it cited. */
  passages: CitedPassage[];
  /** Suggested FSRS rating; the user confirms or overrides it. */
  suggestedRating: FsrsRating;
}

export class CardNotFoundError extends Error {
  readonly userFacing = true;
  constructor(id: string) {
    super(`No card with id ${id}.`);
    this.name = "CardNotFoundError";
  }
}

/**
 * The note passages given to the grader: the nearest to the card's question and answer, by meaning.
 * Only these may be cited, and nothing else of the user's notes reaches the LLM.
 */
export async function passagesForCard(prisma: PrismaClient, embedder: Embedder, card: { front: string; back: string }): Promise<Passage[]> {
  const { results } = await searchNotes(prisma, embedder, {
    query: `${card.front}\n${card.back}`,
    mode: "semantic",
    types: ["passage"],
    limit: PASSAGES_FOR_GRADING,
  });
  return results.map((hit, index) => ({
    id: `p${index + 1}`,
    text: hit.text ?? "",
    source: { path: hit.source.path ?? "", startLine: hit.source.startLine ?? 0, endLine: hit.source.endLine ?? 0 },
  }));
}

/**
 * Grades a typed answer to a card. The answer is stored before grading, so nothing the user typed is
 * lost if grading fails; the stored row then says why.
 */
export async function gradeCardAnswer(
  prisma: PrismaClient,
  input: { cardId: string; answer: string },
  options: GradeOptions,
): Promise<StoredGrade> {
  const card = await prisma.card.findUnique({ where: { id: input.cardId }, select: { id: true, front: true, back: true } });
  if (!card) throw new CardNotFoundError(input.cardId);
  const stored = await prisma.gradedAnswer.create({
    data: { cardId: card.id, question: card.front, reference: card.back, answer: input.answer, status: "pending" },
    select: { id: true },
  });
  try {
    const passages = await passagesForCard(prisma, options.searchEmbedder ?? options.embedder, card);
    const grade = await gradeAnswer({ question: card.front, reference: card.back, answer: input.answer, passages }, options);
    const cited = new Set(grade.citations);
    await prisma.gradedAnswer.update({
      where: { id: stored.id },
      data: {
        status: "graded",
        score: grade.score,
        verdict: grade.verdict,
        grader: grade.grader,
        model: grade.model,
        explanation: grade.explanation,
        pointsHit: grade.pointsHit,
        pointsMissed: grade.pointsMissed,
        citations: passages.filter((p) => cited.has(p.id)).map((p) => ({ ...p.source, id: p.id, text: p.text })),
        fallbackReason: grade.fallbackReason ?? null,
        gradedAt: new Date(),
      },
    });
    return {
      answerId: stored.id,
      grade,
      passages: passages.map((p) => ({ ...p, cited: cited.has(p.id) })),
      suggestedRating: scoreToRating(grade.score),
    };
  } catch (error) {
    await prisma.gradedAnswer.update({ where: { id: stored.id }, data: { status: "failed", fallbackReason: (error as Error).message } });
    throw error;
  }
}
