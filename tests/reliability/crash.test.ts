import { describe, expect, it } from "vitest";
import { runCrashTrials } from "./crash-trials";

/**
 * SIGKILL during `cards import` and during review answers, on PostgreSQL: nothing half-written, nothing
 * lost. A few trials here; `npm run test:stress` runs 20 or more on a bigger folder.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const describeOnPostgres = serverUrl ? describe : describe.skip;

describeOnPostgres(`crash trials [postgres]${serverUrl ? "" : " (skipped: set TEST_DATABASE_URL to run them)"}`, () => {
  it("an import or an answer killed at a random moment leaves every note old or new, every card with its state, every log kept", { timeout: 300_000 }, async () => {
    const result = await runCrashTrials({ serverUrl: serverUrl!, trials: 3, files: 20, cardsPerFile: 5, changedFiles: 8, seed: 20261125, log: console.log });
    expect(result.setupProblems).toEqual([]);
    expect(result.trials).toHaveLength(3);
    for (const trial of result.trials) {
      expect(trial.import.problems, `trial ${trial.trial}, import killed at ${trial.import.killAfterMs} ms`).toEqual([]);
      expect(trial.import.problemsAfterReimport, `trial ${trial.trial}, after re-import`).toEqual([]);
      expect(trial.review.problems, `trial ${trial.trial}, answer loop killed at ${trial.review.killAfterMs} ms`).toEqual([]);
    }
  });
});
