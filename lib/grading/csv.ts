import { parse } from "csv-parse/sync";

export const REQUIRED_GRADING_COLUMNS = ["question", "reference_answer", "student_answer"] as const;

export type GradingCsvRow = { question: string; reference_answer: string; student_answer: string; [column: string]: string };

export class GradingCsvError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GradingCsvError";
  }
}

/**
 * Rows of a grading CSV (RFC 4180, header row first, UTF-8 with or without BOM). The columns question,
 * reference_answer and student_answer are required; any others are kept as given.
 */
export function readGradingCsv(text: string): GradingCsvRow[] {
  let header: string[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      columns: (names: string[]) => (header = names.map((name) => name.trim())),
    });
  } catch (error) {
    throw new GradingCsvError(`The grading CSV could not be read: ${(error as Error).message}`, { cause: error });
  }
  const missing = REQUIRED_GRADING_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new GradingCsvError(
      `The grading CSV has no ${missing.map((c) => `"${c}"`).join(", ")} column${missing.length > 1 ? "s" : ""}; ` +
        `its header must name ${REQUIRED_GRADING_COLUMNS.join(", ")} (found: ${header.join(", ") || "nothing"}).`,
    );
  }
  return records as GradingCsvRow[];
}
