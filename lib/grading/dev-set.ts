import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Embedder } from "../embeddings";
import { readGradingCsv } from "./csv";
import { featureVector, zeroByRule } from "./features";
import type { TrainingExample } from "./fit";
import { offlineFeatures } from "./offline-features";

/** The public human-scored dev split (Mohler et al. 2011), beside the repository in shared/eval/grading. */
export const DEFAULT_DEV_CSV = path.resolve(import.meta.dirname, "../../../shared/eval/grading/mohler_dev.csv");

export interface ScoredAnswer {
  question: string;
  reference: string;
  answer: string;
  questionId: string;
  /** Average of the two human graders (0–5). */
  score: number;
  /** Each human grader's own score, when the CSV has them (score_me, score_other). */
  graders?: [number, number];
}

/** Reads a human-scored grading CSV (columns question, reference_answer, student_answer, score_avg; question_id optional). */
export async function readScoredAnswers(csvPath: string): Promise<ScoredAnswer[]> {
  const rows = readGradingCsv(await readFile(csvPath, "utf8"));
  return rows.map((row, i) => {
    const score = Number(row.score_avg);
    if (row.score_avg === undefined || !Number.isFinite(score)) {
      throw new Error(`${csvPath}: row ${i + 1} has no numeric score_avg; a scored CSV needs that column.`);
    }
    const me = Number(row.score_me);
    const other = Number(row.score_other);
    return {
      question: row.question,
      reference: row.reference_answer,
      answer: row.student_answer,
      questionId: row.question_id || row.question,
      score,
      graders: row.score_me !== undefined && row.score_other !== undefined && Number.isFinite(me) && Number.isFinite(other) ? [me, other] : undefined,
    };
  });
}

/** The answers as the fit sees them, embedded in one batch. */
export async function trainingExamples(answers: ScoredAnswer[], embedder: Embedder): Promise<TrainingExample[]> {
  const features = await offlineFeatures(answers, embedder);
  return answers.map((a, i) => ({
    features: featureVector(features[i]),
    score: a.score,
    questionId: a.questionId,
    zeroByRule: zeroByRule(a.answer, features[i]),
  }));
}
