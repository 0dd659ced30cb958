import { cosine } from "../embeddings";
import { contentStems, contentWords, demoteQuestionWords, isNonAnswer, questionStems, stem, textWithoutQuestionWords } from "./text";

/** The three texts a grade compares. */
export interface GradingTexts {
  question: string;
  reference: string;
  answer: string;
}

/** Looks up the vector of a text listed by `textsToEmbed`. */
export type VectorOf = (text: string) => Float32Array;

/**
 * What the score is computed from, each a number about this one answer (never about other answers, so
 * one answer is graded the same alone or in a batch). Squares let the linear fit bend: graders give
 * most of the credit for the first part of the coverage (the fitted curve is concave).
 */
export const FEATURE_NAMES = [
  "softRecall",
  "softRecall2",
  "softPrecision",
  "softPrecision2",
  "sentenceSimilarity",
  "sentenceSimilarity2",
  "lengthRatio",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/**
 * The question-demoted content words of reference and answer that the alignment compares. An answer
 * that only repeats the question has none left: it gets no credit for those words.
 */
export function alignedWords({ question, reference, answer }: GradingTexts) {
  return {
    referenceWords: demoteQuestionWords(contentWords(reference), question),
    answerWords: contentWords(answer).filter((word) => !questionStems(question).has(stem(word))),
  };
}

/** Every text whose vector `gradingFeatures` needs. */
export function textsToEmbed(texts: GradingTexts): string[] {
  const { referenceWords, answerWords } = alignedWords(texts);
  const sentences = [sentenceOf(texts.answer, texts.question), sentenceOf(texts.reference, texts.question) || texts.reference];
  return [...new Set([...referenceWords, ...answerWords, ...sentences].filter(Boolean))];
}

function sentenceOf(text: string, question: string): string {
  return textWithoutQuestionWords(text, question);
}

/**
 * Soft word alignment: for each word in `from`, its best match in `to` (1 for the same stem, else the
 * cosine of the two words' embeddings), averaged. Like token recall, but "unlimited" meets "infinite".
 */
export function softAlignment(from: string[], to: string[], vectorOf: VectorOf): number {
  if (from.length === 0 || to.length === 0) return 0;
  const toStems = to.map(stem);
  let total = 0;
  for (const word of from) {
    const wordStem = stem(word);
    const vector = vectorOf(word);
    let best = 0;
    to.forEach((other, i) => {
      best = Math.max(best, toStems[i] === wordStem ? 1 : cosine(vector, vectorOf(other)));
    });
    total += best;
  }
  return total / from.length;
}

export function gradingFeatures(texts: GradingTexts, vectorOf: VectorOf): Record<FeatureName, number> {
  const { referenceWords, answerWords } = alignedWords(texts);
  const softRecall = softAlignment(referenceWords, answerWords, vectorOf);
  const softPrecision = softAlignment(answerWords, referenceWords, vectorOf);
  const answerSentence = sentenceOf(texts.answer, texts.question);
  const referenceSentence = sentenceOf(texts.reference, texts.question) || texts.reference;
  const sentenceSimilarity = answerSentence ? cosine(vectorOf(answerSentence), vectorOf(referenceSentence)) : 0;
  const lengthRatio = Math.log((contentStems(texts.answer).length + 1) / (contentStems(texts.reference).length + 1));
  return {
    softRecall,
    softRecall2: softRecall ** 2,
    softPrecision,
    softPrecision2: softPrecision ** 2,
    sentenceSimilarity,
    sentenceSimilarity2: sentenceSimilarity ** 2,
    lengthRatio,
  };
}

/** Below both, an answer shares no word close to the reference's and means something else: scored 0. */
const OFF_TOPIC = { softRecall: 0.3, sentenceSimilarity: 0.1 };

/**
 * Answers scored 0 by rule, outside the fitted model: no answer at all ("", "not answered", "idk"), or
 * off topic. The dev graders gave such answers 0–2; the linear model alone would give them about 2.
 */
export function zeroByRule(answer: string, features: Record<FeatureName, number>): boolean {
  return (
    isNonAnswer(answer) ||
    (features.softRecall < OFF_TOPIC.softRecall && features.sentenceSimilarity < OFF_TOPIC.sentenceSimilarity)
  );
}

export function featureVector(features: Record<FeatureName, number>): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}
