export type { Grade, GradeRequest, GraderName, Passage, Verdict } from "./types";
export { gradeAnswer, GraderUnavailableError, type GradeOptions } from "./grade";
export { gradeOffline } from "./offline";
export { gradeWithLlm, llmConfigFromEnv, LlmConfigError, DEFAULT_GRADER_MODEL, type LlmConfig, type LlmGradeOptions } from "./llm";
export { scoreToRating, verdictForScore, type FsrsRating } from "./rating";
export { readGradingCsv, GradingCsvError, REQUIRED_GRADING_COLUMNS, type GradingCsvRow } from "./csv";
export { gradeCardAnswer, passagesForCard, CardNotFoundError, PASSAGES_FOR_GRADING, type StoredGrade, type CitedPassage } from "./service";
export { quizQuestions, type QuizQuestion, type QuizRequest } from "./quiz";
