import { cosine, plainTextForEmbedding, type Embedder } from "../embeddings";
import { alignedWords, featureVector, FEATURE_NAMES, gradingFeatures, softAlignment, textsToEmbed, zeroByRule } from "./features";
import { clampScore } from "./fit";
import { vectorsFor } from "./offline-features";
import { OFFLINE_WEIGHTS } from "./offline-weights";
import { addressesGrader, GRADER_DIRECTED_NOTE } from "./prompt";
import { verdictForScore } from "./rating";
import { predictLinear } from "./regression";
import { contentWords, demoteQuestionWords, isNonAnswer, negationCues, referencePoints, repeatsQuestion, sentences } from "./text";
import type { Grade, GradeRequest, Passage } from "./types";

if (OFFLINE_WEIGHTS.features.join() !== FEATURE_NAMES.join()) {
  throw new Error("lib/grading/offline-weights.ts was fitted for other features; run `npm run fit:grading`.");
}

/**
 * A reference point counts as covered at this soft coverage (word alignment or whole-point similarity).
 * On the dev split the covered fraction agrees best with the human scores at 0.55–0.6 (r 0.58).
 */
const POINT_COVERED = 0.6;
/** A passage is cited for a point only when it is about that point at least this much. */
const PASSAGE_RELEVANT = 0.35;

/**
 * Grades a typed answer against the card's reference answer with no network: a ridge model over soft
 * word alignment, sentence similarity and length (weights in offline-weights.ts, fitted by
 * `npm run fit:grading`), plus the reference points found and missing, citing the passages that cover
 * the missing ones. Pass the local embedder: the weights were fitted with its similarities.
 */
export async function gradeOffline(req: GradeRequest, embedder: Embedder): Promise<Grade> {
  if (embedder.model !== OFFLINE_WEIGHTS.embeddingModel) {
    throw new Error(
      `The offline grader's weights were fitted with ${OFFLINE_WEIGHTS.embeddingModel} similarities; ` +
        `it was given ${embedder.model}. Pass createLocalEmbedder() (or refit with npm run fit:grading).`,
    );
  }
  const notes: string[] = [];
  // Sentences telling the grader what to do are no part of the answer.
  const kept = sentences(req.answer).filter((sentence) => !addressesGrader(sentence));
  if (kept.length < sentences(req.answer).length) notes.push(GRADER_DIRECTED_NOTE);
  const texts = { question: req.question, reference: req.reference, answer: kept.join(" ") };

  const points = referencePoints(req.reference);
  const pointWords = points.map((point) => demoteQuestionWords(contentWords(point), req.question));
  const passageTexts = req.passages.map((p) => plainTextForEmbedding(p.text));
  const vectorOf = await vectorsFor(
    [...textsToEmbed(texts), ...pointWords.flat(), ...points, req.reference, texts.answer, ...passageTexts].filter(Boolean),
    embedder,
  );

  const features = gradingFeatures(texts, vectorOf);
  const score = zeroByRule(texts.answer, features) ? 0 : clampScore(predictLinear(OFFLINE_WEIGHTS.model, featureVector(features)));

  const { answerWords } = alignedWords(texts);
  const covered = points.map(
    (point, i) =>
      texts.answer !== "" &&
      Math.max(softAlignment(pointWords[i], answerWords, vectorOf), cosine(vectorOf(point), vectorOf(texts.answer))) >= POINT_COVERED,
  );
  const pointsHit = points.filter((_, i) => covered[i]);
  const pointsMissed = points.filter((_, i) => !covered[i]);
  const citations = citePassages(pointsMissed.length > 0 ? pointsMissed : [req.reference], req.passages, passageTexts, vectorOf);

  if (isNonAnswer(texts.answer)) notes.push("No answer was given.");
  else if (repeatsQuestion(texts.answer, req.question)) notes.push("Your answer mostly repeats the words of the question.");
  if ((negationCues(texts.answer) > 0) !== (negationCues(req.reference) > 0) && pointsHit.length > 0) {
    notes.push(
      negationCues(texts.answer) > 0
        ? "Check the negation: your answer says “not/no” where the reference answer does not."
        : "Check the negation: the reference answer says “not/no” where your answer does not.",
    );
  }
  return grade(req, score, pointsHit, pointsMissed, citations, notes);
}

/** For each point, the most similar passage if it is about that point. */
function citePassages(
  points: string[],
  passages: Passage[],
  passageTexts: string[],
  vectorOf: (text: string) => Float32Array,
): Map<string, Passage> {
  const cited = new Map<string, Passage>();
  if (passages.length === 0) return cited;
  for (const point of points) {
    const similarities = passageTexts.map((text) => cosine(vectorOf(point), vectorOf(text)));
    const best = similarities.indexOf(Math.max(...similarities));
    if (similarities[best] >= PASSAGE_RELEVANT) cited.set(point, passages[best]);
  }
  return cited;
}

function grade(
  req: GradeRequest,
  rawScore: number,
  pointsHit: string[],
  pointsMissed: string[],
  citations: Map<string, Passage>,
  notes: string[],
): Grade {
  const score = Math.round(rawScore * 10) / 10;
  const verdict = verdictForScore(score);
  return {
    score,
    verdict,
    pointsHit,
    pointsMissed,
    explanation: explain(req, score, verdict, pointsHit, pointsMissed, citations, notes),
    citations: [...new Set([...citations.values()].map((p) => p.id))],
    grader: "offline",
    model: OFFLINE_WEIGHTS.version,
  };
}

const VERDICT_WORDS = { correct: "Correct", partly: "Partly correct", wrong: "Not correct" } as const;

function explain(
  req: GradeRequest,
  score: number,
  verdict: Grade["verdict"],
  pointsHit: string[],
  pointsMissed: string[],
  citations: Map<string, Passage>,
  notes: string[],
): string {
  const where = (passage: Passage) =>
    `${passage.source.path}:${passage.source.startLine}–${passage.source.endLine} [${passage.id}]`;
  const lines = [`${VERDICT_WORDS[verdict]} (${score.toFixed(1)}/5, offline grader).`, ...notes];
  if (pointsHit.length > 0) lines.push(`You covered: ${pointsHit.map((p) => `“${p}”`).join("; ")}.`);
  for (const point of pointsMissed) {
    const passage = citations.get(point);
    lines.push(`Missing or unclear: “${point}”${passage ? ` (see your notes, ${where(passage)})` : ""}.`);
  }
  const agreeing = pointsMissed.length === 0 ? citations.get(req.reference) : undefined;
  if (agreeing) lines.push(`Your notes say the same: ${where(agreeing)}.`);
  if (verdict !== "correct") lines.push(`Reference answer: ${req.reference.trim()}`);
  return lines.join("\n");
}
