/**
 * `npm run test:stress [-- --trials 20 --files 300 --cards 20 --changed 60 --seed 1 --json]`
 *
 * Crash trials against PostgreSQL (TEST_DATABASE_URL, else DATABASE_URL: a server with pgvector; a
 * throwaway database is created on it and dropped afterwards). Generates a notes folder (files × cards),
 * imports it with the real CLI, then per trial: rewrites `changed` notes, kills `cards import` with
 * SIGKILL at a random moment, checks the database, re-imports to completion, checks again; then kills a
 * process answering cards in a loop and checks the review logs. See tests/reliability/crash-trials.ts
 * for the checks. Exits 1 if any trial found a problem.
 */
import { runCrashTrials, type CrashTrialOptions } from "../tests/reliability/crash-trials";

function parseArgs(argv: string[]): Omit<CrashTrialOptions, "serverUrl" | "log"> & { json: boolean } {
  const options = { trials: 20, files: 300, cardsPerFile: 20, changedFiles: 60, seed: 1, json: false };
  const flags: Record<string, keyof typeof options> = { "--trials": "trials", "--files": "files", "--cards": "cardsPerFile", "--changed": "changedFiles", "--seed": "seed" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") options.json = true;
    else if (flags[arg]) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a positive whole number`);
      (options[flags[arg]] as number) = value;
    } else throw new Error(`Unknown option ${arg}; use ${Object.keys(flags).join(", ")} or --json`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!serverUrl) {
  console.error("Set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server with pgvector, e.g. postgres://postgres@127.0.0.1:5432/postgres");
  process.exit(1);
}

const started = performance.now();
const result = await runCrashTrials({ ...options, serverUrl, log: options.json ? undefined : (line) => console.error(line) });
const seconds = Math.round((performance.now() - started) / 1000);

const { trials } = result;
const importKills = trials.filter((t) => t.import.killed);
const midImport = trials.filter((t) => t.import.notesOld > 0 && t.import.notesNew > 0);
const reviewKills = trials.filter((t) => t.review.killed);
const failed = trials.filter((t) => t.import.problems.length + t.import.problemsAfterReimport.length + t.review.problems.length > 0);
const summary = {
  trials: trials.length,
  seconds,
  cards: result.cards,
  importKilled: importKills.length,
  importKilledMidway: midImport.length,
  changedNotesOldAtKill: trials.reduce((n, t) => n + t.import.notesOld, 0),
  changedNotesNewAtKill: trials.reduce((n, t) => n + t.import.notesNew, 0),
  reviewLoopKilled: reviewKills.length,
  answersRecorded: trials.reduce((n, t) => n + t.review.logsAdded, 0),
  trialsWithProblems: failed.length,
  setupProblems: result.setupProblems,
};

if (options.json) console.log(JSON.stringify({ summary, trials }, null, 2));
else {
  console.log(`\n${trials.length} crash trials in ${seconds} s on ${result.cards} cards (${options.files} notes × ${options.cardsPerFile} cards, ${options.changedFiles} changed per trial, seed ${options.seed})`);
  console.log(`import killed: ${importKills.length} (${midImport.length} midway, with some changed notes old and some new); finished before the kill: ${trials.length - importKills.length}`);
  console.log(`changed notes at the kill: ${summary.changedNotesOldAtKill} still old, ${summary.changedNotesNewAtKill} already new, 0 half-written (else listed as problems)`);
  console.log(`answer loop killed: ${reviewKills.length}; answers recorded ${summary.answersRecorded}`);
  console.log(failed.length === 0 && result.setupProblems.length === 0 ? "no problems: every card has its state, no note half-written, no review log or card lost, logs agree with states" : `PROBLEMS in ${failed.length} trials (see above)`);
}
process.exit(failed.length === 0 && result.setupProblems.length === 0 ? 0 : 1);
