import type { FSRSBindingItem } from "@open-spaced-repetition/binding";
import type { ReviewSettings } from "./settings";
import { daysBetween, studyDayKeyer } from "./day";
import { effectiveParameters, type Rating } from "./scheduling";

export interface OptimizerLog {
  cardId: string;
  rating: Rating;
  reviewedAt: Date;
}

export interface ModelFit {
  /** Mean log loss of the predicted recall probabilities (lower is better). */
  logLoss: number;
  /** fsrs-rs binned RMSE of predicted vs actual recall (lower is better). */
  rmse: number;
}

export interface OptimizerResult {
  parameters: number[];
  current: ModelFit;
  optimized: ModelFit;
  /** Reviews the fit learned from: answers that follow an earlier answer on a previous day. */
  reviewsUsed: number;
  /** Whether the optimized parameters predict these logs better than the current ones. */
  improved: boolean;
}

/** Below these, fsrs-rs mostly returns its defaults or overfits; the user should keep reviewing. */
export const MIN_REVIEWS_FOR_OPTIMIZER = 400;
export const MIN_CARDS_FOR_OPTIMIZER = 50;

export class NotEnoughReviewsError extends Error {
  constructor(
    readonly reviewsUsed: number,
    readonly cardsUsed: number,
  ) {
    super(
      `Optimizing FSRS needs at least ${MIN_REVIEWS_FOR_OPTIMIZER} reviews of at least ` +
        `${MIN_CARDS_FOR_OPTIMIZER} cards that were answered again on a later day; your history has ` +
        `${reviewsUsed} such reviews of ${cardsUsed} cards. Keep reviewing and try again later; ` +
        `the default parameters work well until then.`,
    );
    this.name = "NotEnoughReviewsError";
  }
}

type Binding = typeof import("@open-spaced-repetition/binding");

/**
 * The review history the way fsrs-rs learns from it (as its own CSV converter builds it): per
 * card, one item per answer after the first, holding all answers up to it, each with the whole
 * study days since the previous answer; items without any answer on a later day carry no
 * long-term signal and are dropped.
 */
function fsrsItems(binding: Binding, logs: OptimizerLog[], settings: ReviewSettings) {
  const dayKey = studyDayKeyer(settings);
  const byCard = new Map<string, OptimizerLog[]>();
  for (const log of logs) {
    const cardLogs = byCard.get(log.cardId);
    if (cardLogs) cardLogs.push(log);
    else byCard.set(log.cardId, [log]);
  }

  const items: FSRSBindingItem[] = [];
  // fsrs-rs evaluates only predictions across days: an item ending in a same-day answer (a learning
  // step) makes evaluate() fail with InvalidInput, so scoring uses the items that end on a later day.
  const evaluationItems: FSRSBindingItem[] = [];
  const cards = new Set<string>();
  for (const [cardId, cardLogs] of byCard) {
    cardLogs.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    const days = cardLogs.map((log) => dayKey(log.reviewedAt));
    const reviews = cardLogs.map(
      (log, i) => new binding.FSRSBindingReview(log.rating, i === 0 ? 0 : daysBetween(days[i - 1], days[i])),
    );
    for (let i = 1; i < reviews.length; i++) {
      const item = new binding.FSRSBindingItem(reviews.slice(0, i + 1));
      if (!item.includeLongTermReviews()) continue;
      items.push(item);
      if (reviews[i].deltaT > 0) evaluationItems.push(item);
      cards.add(cardId);
    }
  }
  return { items, evaluationItems, cardsUsed: cards.size };
}

function fit(binding: Binding, parameters: number[], items: FSRSBindingItem[]): ModelFit {
  const { logLoss, rmseBins } = new binding.FSRSBinding(parameters).evaluate(items);
  return { logLoss, rmse: rmseBins };
}

/**
 * Fits FSRS parameters to the user's review logs with fsrs-rs, and scores the current and the
 * fitted parameters on the same logs so the user can decide before applying them.
 * Throws NotEnoughReviewsError when the history is too short to learn from.
 */
export async function optimizeParameters(
  logs: OptimizerLog[],
  current: number[] | undefined,
  settings: ReviewSettings,
): Promise<OptimizerResult> {
  // Loaded on demand: a native addon that only this function needs (and Next.js must not bundle).
  const binding = await import("@open-spaced-repetition/binding");
  const { items, evaluationItems, cardsUsed } = fsrsItems(binding, logs, settings);
  if (items.length < MIN_REVIEWS_FOR_OPTIMIZER || cardsUsed < MIN_CARDS_FOR_OPTIMIZER) {
    throw new NotEnoughReviewsError(items.length, cardsUsed);
  }
  const parameters = await binding.computeParameters(items, {
    enableShortTerm: true,
    numRelearningSteps: settings.relearningSteps.length,
  });
  const currentFit = fit(binding, effectiveParameters({ ...settings, fsrsParameters: current }), evaluationItems);
  const optimizedFit = fit(binding, parameters, evaluationItems);
  return {
    parameters,
    current: currentFit,
    optimized: optimizedFit,
    reviewsUsed: items.length,
    improved: optimizedFit.logLoss < currentFit.logLoss,
  };
}
