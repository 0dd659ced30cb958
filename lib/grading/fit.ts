import { fitRidge, leaveGroupOutPredictions, predictLinear, type LinearModel } from "./regression";

/** Ridge strength on standardised features; chosen once (3–30 all give the same CV within 0.005). */
export const RIDGE_LAMBDA = 10;

/** One dev answer as the fit sees it: its features, the human score, its question, and whether a rule scores it. */
export interface TrainingExample {
  features: number[];
  score: number;
  questionId: string;
  /** Scored 0 by rule (no answer, off topic: `zeroByRule`), so not fitted. */
  zeroByRule: boolean;
}

export const clampScore = (score: number): number => Math.min(5, Math.max(0, score));

export function fitOfflineModel(examples: TrainingExample[]): LinearModel {
  const fitted = examples.filter((e) => !e.zeroByRule);
  return fitRidge(
    fitted.map((e) => e.features),
    fitted.map((e) => e.score),
    RIDGE_LAMBDA,
  );
}

/** Offline scores of each example by a model that never saw its question (leave-one-question-out). */
export function crossValidatedScores(examples: TrainingExample[]): number[] {
  return leaveGroupOutPredictions(
    examples,
    (e) => e.questionId,
    (train) => {
      const model = fitOfflineModel(train);
      return (e) => (e.zeroByRule ? 0 : clampScore(predictLinear(model, e.features)));
    },
  );
}

/** What `npm run fit:grading` writes to offline-weights.ts and the offline grader loads. */
export interface OfflineWeights {
  /** Goes into `Grade.model`. */
  version: string;
  /** The embedder the weights were fitted with; other embedders give other similarities. */
  embeddingModel: string;
  features: readonly string[];
  lambda: number;
  model: LinearModel;
  trainedOn: string;
  /** Leave-one-question-out figures on the training split: what to expect on unseen questions. */
  crossValidated: { pearson: number; spearman: number; rmse: number; questions: number; answers: number };
}
