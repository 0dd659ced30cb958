import fs from "node:fs";
import { Option, type Command } from "commander";
import type { Grade, GraderName } from "../../lib/grading";
import { emit, fail } from "../output";

interface GradeCommandOptions {
  csv?: string;
  question?: string;
  reference?: string;
  answer?: string;
  grader?: GraderName;
  json?: boolean;
}

function renderGrade(grade: Grade): string {
  const lines = [`score ${grade.score.toFixed(1)}/5 (${grade.verdict}) by the ${grade.grader} grader (${grade.model})`];
  if (grade.fallbackReason) lines.push(`note: ${grade.fallbackReason}`);
  if (grade.pointsHit.length) lines.push("right:", ...grade.pointsHit.map((p) => `  + ${p}`));
  if (grade.pointsMissed.length) lines.push("missing or wrong:", ...grade.pointsMissed.map((p) => `  - ${p}`));
  lines.push("", grade.explanation);
  return lines.join("\n");
}

export function registerGrade(program: Command): void {
  program
    .command("grade")
    .description("grade free-text answers: one (--question/--reference/--answer) or a CSV (--csv) with columns question,reference_answer,student_answer")
    .option("--csv <file>", "CSV with columns question,reference_answer,student_answer (others ignored)")
    .option("--question <text>", "the question")
    .option("--reference <text>", "the reference answer")
    .option("--answer <text>", "the answer to grade")
    .addOption(new Option("--grader <name>", "offline or llm (default: llm when configured, else offline)").choices(["offline", "llm"]))
    .option("--json", "machine-readable output")
    .action(async (options: GradeCommandOptions) => {
      try {
        // Loaded on use: the CLI starts fast for other commands.
        const { createLocalEmbedder } = await import("../../lib/embeddings");
        const { gradeAnswer, readGradingCsv } = await import("../../lib/grading");
        const embedder = createLocalEmbedder();
        if (options.csv) {
          const rows = readGradingCsv(fs.readFileSync(options.csv, "utf8"));
          const results: { row: number; score: number; grader: GraderName; fallbackReason?: string }[] = [];
          for (const [index, row] of rows.entries()) {
            const grade = await gradeAnswer(
              { question: row.question, reference: row.reference_answer, answer: row.student_answer, passages: [] },
              { grader: options.grader, embedder },
            );
            results.push({ row: index + 1, score: Math.round(grade.score * 1000) / 1000, grader: grade.grader, ...(grade.fallbackReason ? { fallbackReason: grade.fallbackReason } : {}) });
          }
          return emit(results, options, (r) => r.map((x) => `${x.row}\t${x.score.toFixed(2)}\t${x.grader}`).join("\n"));
        }
        if (options.question === undefined || options.reference === undefined || options.answer === undefined) {
          throw new Error("give --csv <file>, or all of --question, --reference and --answer");
        }
        const grade = await gradeAnswer(
          { question: options.question, reference: options.reference, answer: options.answer, passages: [] },
          { grader: options.grader, embedder },
        );
        emit(grade, options, renderGrade);
      } catch (error) {
        fail(error, options);
      }
    });
}
