/**
 * How well the graders agree with human scores on a scored split (default: the dev split).
 *   npm run eval:grading [-- path/to/scored.csv] [--json]
 * Headline: the offline grader cross-validated by question (each question scored by weights fitted on
 * the others), as it meets unseen questions. The two human graders against each other are the ceiling.
 */
import { createLocalEmbedder } from "../lib/embeddings";
import { DEFAULT_DEV_CSV, readScoredAnswers, trainingExamples, type ScoredAnswer } from "../lib/grading/dev-set";
import { crossValidatedScores } from "../lib/grading/fit";
import { gradeWithLlm, llmConfigFromEnv, type LlmConfig } from "../lib/grading/llm";
import { gradeOffline } from "../lib/grading/offline";
import { agreement, type Agreement } from "../lib/grading/stats";
import type { GradeRequest } from "../lib/grading/types";

const args = process.argv.slice(2);
const json = args.includes("--json");
const csvPath = args.find((a) => !a.startsWith("--")) ?? DEFAULT_DEV_CSV;

const answers = await readScoredAnswers(csvPath);
const gold = answers.map((a) => a.score);
const embedder = createLocalEmbedder();
const requestOf = (a: ScoredAnswer): GradeRequest => ({ question: a.question, reference: a.reference, answer: a.answer, passages: [] });

// The shipped grader, end to end, one answer at a time (its weights were fitted on the dev split, so on
// dev this figure flatters it; on another split it is the honest one).
// Timed first, while the vector cache is cold: each answer's words and sentences are embedded in the timing.
await embedder.embed(["load the model outside the timing"]);
const timings: number[] = [];
const shipped: number[] = [];
for (const answer of answers) {
  const started = performance.now();
  shipped.push((await gradeOffline(requestOf(answer), embedder)).score);
  timings.push(performance.now() - started);
}
const sorted = [...timings].sort((a, b) => a - b);
const msPerAnswer = { mean: timings.reduce((s, t) => s + t, 0) / timings.length, p95: sorted[Math.floor(sorted.length * 0.95)] };

// Unseen questions: leave-one-question-out refits of the same model.
const crossValidated = agreement(crossValidatedScores(await trainingExamples(answers, embedder)), gold);

const graded = answers.filter((a) => a.graders);
const humans = graded.length > 0 ? agreement(graded.map((a) => a.graders![0]), graded.map((a) => a.graders![1])) : undefined;

const llmConfig = llmConfigFromEnv();
const llm = llmConfig ? await evaluateLlm(llmConfig) : undefined;

async function evaluateLlm(config: LlmConfig): Promise<Agreement & { model: string; fallbacks: number }> {
  const scores = new Array<number>(answers.length);
  let fallbacks = 0;
  let next = 0;
  // A few requests in flight: remote APIs take them in parallel, local servers queue them.
  const worker = async () => {
    for (let i = next++; i < answers.length; i = next++) {
      const grade = await gradeWithLlm(requestOf(answers[i]), config, {
        fallback: (req) => gradeOffline(req, embedder),
      });
      if (grade.fallbackReason) fallbacks++;
      scores[i] = grade.score;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { ...agreement(scores, gold), model: config.model, fallbacks };
}

const questions = new Set(answers.map((a) => a.questionId)).size;
if (json) {
  console.log(
    JSON.stringify(
      {
        csv: csvPath,
        answers: answers.length,
        questions,
        offline: { crossValidatedByQuestion: crossValidated, fittedWeights: agreement(shipped, gold), msPerAnswer },
        humans: humans ?? null,
        llm: llm ?? null,
      },
      null,
      2,
    ),
  );
} else {
  const row = (label: string, a: Agreement) =>
    `${label.padEnd(44)} Pearson ${a.pearson.toFixed(3)}  Spearman ${a.spearman.toFixed(3)}  RMSE ${a.rmse.toFixed(3)}`;
  console.log(`${csvPath}: ${answers.length} answers, ${questions} questions; gold = score_avg`);
  console.log(row("offline, cross-validated by question", crossValidated));
  console.log(row("offline, shipped weights (fitted on dev)", agreement(shipped, gold)));
  console.log(`offline grading time: ${msPerAnswer.mean.toFixed(1)} ms/answer mean, ${msPerAnswer.p95.toFixed(1)} ms p95 (model loaded)`);
  console.log(humans ? row("humans: score_me vs score_other (ceiling)", humans) : "humans: no score_me/score_other columns");
  console.log(
    llm
      ? `${row(`LLM grader (${llm.model})`, llm)}  fallbacks ${llm.fallbacks}/${answers.length}`
      : "LLM grader: skipped (no OPENAI_API_KEY or OPENAI_BASE_URL)",
  );
}
