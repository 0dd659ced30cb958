/**
 * Crash trials for the importer and the review answer, shared by tests/reliability/crash.test.ts (a few
 * trials in CI) and scripts/stress-import.ts (`npm run test:stress`, 20 or more).
 *
 * A throwaway PostgreSQL database gets a generated notes folder imported by the real CLI. Each trial
 * rewrites some notes, starts `cards import` and kills it with SIGKILL at a random (seeded) moment,
 * checks the database, re-imports to completion and checks again; then kills a process that answers
 * cards in a loop and checks the review logs. The checks:
 * - every card has its card_states row;
 * - every note holds exactly the cards and passages of either its previous state or a complete parse of
 *   its file as it is now (no half-written note);
 * - no review log and no card that existed before the trial is gone;
 * - each card's latest review log has the card's current state as its stateAfter.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../lib/db";
import { cardsFromMarkdown, decodeNoteFile } from "../../lib/markdown";
import { answerCard, nextCard, saveReviewSettings, type Rating } from "../../lib/review";
import { random as seededRandom } from "../../bench/random";
import { createScratchDatabase } from "../../bench/scratch-database";

export interface CrashTrialOptions {
  /** postgres:// URL of a server with pgvector; a throwaway database is created (and dropped) on it. */
  serverUrl: string;
  trials: number;
  files: number;
  cardsPerFile: number;
  /** Notes rewritten before each trial, so the killed import has work to do. */
  changedFiles: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ImportTrial {
  /** The kill came once this many notes of the trial had been committed (plus a few ms of jitter)… */
  killAfterNotes: number;
  /** …this long after the import started. */
  killAfterMs: number;
  /** False when the import finished before the kill came. */
  killed: boolean;
  /** Of the notes whose cards or passages the trial changed: how many the database held in their old, and in their new state. */
  notesOld: number;
  notesNew: number;
  problems: string[];
  /** Problems after re-importing to completion. */
  problemsAfterReimport: string[];
}

export interface ReviewTrial {
  killAfterMs: number;
  killed: boolean;
  /** Answers the loop reported as done before it died, and review logs it left. */
  answersReported: number;
  logsAdded: number;
  problems: string[];
}

export interface TrialReport {
  trial: number;
  import: ImportTrial;
  review: ReviewTrial;
}

export interface CrashTrialsResult {
  cards: number;
  /** Problems of the first complete import, before any trial. */
  setupProblems: string[];
  trials: TrialReport[];
}

const APP_DIR = path.resolve(import.meta.dirname, "../..");


const WORDS = ["gradient", "vector", "kernel", "softmax", "token", "entropy", "margin", "tensor", "batch", "epoch", "layer", "query", "index", "cosine"];

interface CardText {
  question: string;
  answer: string;
}

interface NoteFileModel {
  relativePath: string;
  cards: CardText[];
  /** Cards taken out of the note; some come back later (restored with their history). */
  removed: CardText[];
  deleted: boolean;
}

/** The generated notes folder, its files kept in memory so each trial can rewrite some of them. */
class NotesFolder {
  readonly notes: NoteFileModel[] = [];
  private counter = 0;

  constructor(
    readonly root: string,
    private readonly random: () => number,
    private readonly cardsPerNote: number,
  ) {}

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private words(count: number): string {
    return Array.from({ length: count }, () => this.pick(WORDS)).join(" ");
  }

  private newCard(): CardText {
    const id = this.counter++;
    return { question: `What is concept ${id} about ${this.pick(WORDS)}?`, answer: `Concept ${id} is the ${this.words(6)} of the ${this.words(3)}.` };
  }

  addNote(): NoteFileModel {
    const index = this.notes.length;
    const note: NoteFileModel = {
      relativePath: `deck-${String(index % 10).padStart(2, "0")}/note-${String(index).padStart(4, "0")}.md`,
      cards: Array.from({ length: this.cardsPerNote }, () => this.newCard()),
      removed: [],
      deleted: false,
    };
    this.notes.push(note);
    this.write(note);
    return note;
  }

  write(note: NoteFileModel): void {
    const file = path.join(this.root, note.relativePath);
    if (note.deleted) {
      fs.rmSync(file, { force: true });
      return;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `# Notes ${note.relativePath}\n\n` + note.cards.map((card) => `## ${card.question}\n\n${card.answer}\n`).join("\n"));
  }

  /** A trial's worth of changes: `count` random notes changed, one new note; returns the files rewritten. */
  changeSome(count: number): Set<string> {
    const changed = new Set<string>();
    for (let i = 0; i < count; i++) {
      const note = this.pick(this.notes);
      this.change(note);
      changed.add(note.relativePath);
    }
    return changed.add(this.addNote().relativePath);
  }

  /** Edits, adds, removes, restores, reorders and rewords cards; a few notes are deleted or come back. */
  change(note: NoteFileModel): void {
    if (note.deleted) note.deleted = false;
    else if (this.random() < 0.05) note.deleted = true;
    else {
      const edits = 1 + Math.floor(this.random() * 4);
      for (let i = 0; i < edits; i++) {
        const at = Math.floor(this.random() * note.cards.length);
        const kind = this.pick(["answer", "add", "remove", "restore", "reorder", "reword"] as const);
        if (kind === "answer" && note.cards[at]) note.cards[at] = { ...note.cards[at], answer: `${note.cards[at].answer} Also ${this.words(3)}.` };
        else if (kind === "add") note.cards.splice(at, 0, this.newCard());
        else if (kind === "remove" && note.cards.length > 1) note.removed.push(...note.cards.splice(at, 1));
        else if (kind === "restore" && note.removed.length > 0) note.cards.splice(at, 0, note.removed.pop()!);
        else if (kind === "reorder" && note.cards.length > 1) note.cards.push(...note.cards.splice(at, 1));
        else if (kind === "reword" && note.cards[at]) note.cards[at] = { ...note.cards[at], question: note.cards[at].question.replace("What is", "What exactly is") };
      }
    }
    this.write(note);
  }
}

interface NoteContent {
  cards: string[];
  passages: string[];
}

const sameContent = (a: NoteContent, b: NoteContent) => JSON.stringify(a) === JSON.stringify(b);
const EMPTY: NoteContent = { cards: [], passages: [] };

interface Snapshot {
  notes: Map<string, NoteContent>;
  logIds: Set<string>;
  cardIds: Set<string>;
}

async function snapshot(client: pg.Client): Promise<Snapshot> {
  const notes = new Map<string, NoteContent>();
  const noteOf = (notePath: string) => notes.get(notePath) ?? notes.set(notePath, { cards: [], passages: [] }).get(notePath)!;
  const cards = await client.query<{ id: string; path: string; front: string; back: string; status: string }>(
    `SELECT c.id, n.path, c.front, c.back, c.status::text AS status FROM cards c JOIN notes n ON n.id = c.note_id`,
  );
  for (const row of cards.rows) if (row.status !== "retired") noteOf(row.path).cards.push(`${row.front}\u0001${row.back}`);
  const passages = await client.query<{ path: string; text: string }>(`SELECT n.path, p.text FROM passages p JOIN notes n ON n.id = p.note_id`);
  for (const row of passages.rows) noteOf(row.path).passages.push(row.text);
  for (const content of notes.values()) {
    content.cards.sort();
    content.passages.sort();
  }
  const logs = await client.query<{ id: string }>(`SELECT id FROM review_logs`);
  return { notes, logIds: new Set(logs.rows.map((r) => r.id)), cardIds: new Set(cards.rows.map((r) => r.id)) };
}

/** What a complete import of the folder as it is now leaves in each note (a missing file keeps its passages). */
function expectedContent(folder: NotesFolder, before: Snapshot): Map<string, NoteContent> {
  const expected = new Map<string, NoteContent>();
  for (const note of folder.notes) {
    if (note.deleted) {
      expected.set(note.relativePath, { cards: [], passages: before.notes.get(note.relativePath)?.passages ?? [] });
      continue;
    }
    const decoded = decodeNoteFile(fs.readFileSync(path.join(folder.root, note.relativePath)), note.relativePath);
    if ("issue" in decoded) throw new Error(decoded.issue.message);
    const parsed = cardsFromMarkdown(decoded.text, { path: note.relativePath });
    expected.set(note.relativePath, {
      cards: parsed.cards.map((card) => `${card.front}\u0001${card.back}`).sort(),
      passages: parsed.passages.map((passage) => passage.text).sort(),
    });
  }
  return expected;
}

/** Problems that must never exist: cards without a state, lost logs or cards, logs that disagree with states. */
async function invariantProblems(client: pg.Client, before: Snapshot | null): Promise<string[]> {
  const problems: string[] = [];
  const stateless = await client.query<{ id: string }>(`SELECT c.id FROM cards c WHERE NOT EXISTS (SELECT 1 FROM card_states s WHERE s.card_id = c.id)`);
  if (stateless.rows.length > 0) problems.push(`${stateless.rows.length} cards without a card_states row (e.g. ${stateless.rows[0].id})`);
  if (before) {
    const now = await snapshot(client);
    const lostLogs = [...before.logIds].filter((id) => !now.logIds.has(id));
    if (lostLogs.length > 0) problems.push(`${lostLogs.length} review logs lost (e.g. ${lostLogs[0]})`);
    const lostCards = [...before.cardIds].filter((id) => !now.cardIds.has(id));
    if (lostCards.length > 0) problems.push(`${lostCards.length} cards lost (e.g. ${lostCards[0]})`);
  }
  const disagreeing = await client.query<{ card_id: string }>(`
    SELECT latest.card_id FROM (
      SELECT DISTINCT ON (l.card_id) l.card_id, l.state_after FROM review_logs l WHERE l.source = 'review'
      ORDER BY l.card_id, l.reviewed_at DESC, l.id DESC
    ) latest JOIN card_states s ON s.card_id = latest.card_id
    WHERE (latest.state_after->>'reps')::int <> s.reps
       OR latest.state_after->>'state' <> s.state
       OR (latest.state_after->>'due')::timestamptz <> s.due
       OR (latest.state_after->>'stability')::float8 <> s.stability
       OR (latest.state_after->>'lastReview')::timestamptz IS DISTINCT FROM s.last_review`);
  if (disagreeing.rows.length > 0) problems.push(`${disagreeing.rows.length} cards whose state is not their latest log's stateAfter (e.g. ${disagreeing.rows[0].card_id})`);
  return problems;
}

/** Each note holds its old or its new content, never a mix; counts how many of the changed notes are in which. */
async function noteProblems(client: pg.Client, before: Snapshot, expected: Map<string, NoteContent>, mustBeNew: boolean) {
  const now = await snapshot(client);
  const problems: string[] = [];
  let notesOld = 0;
  let notesNew = 0;
  for (const [notePath, after] of expected) {
    const old = before.notes.get(notePath) ?? EMPTY;
    const actual = now.notes.get(notePath) ?? EMPTY;
    const isNew = sameContent(actual, after);
    const isOld = sameContent(actual, old);
    if (!sameContent(old, after)) {
      if (isNew) notesNew++;
      else if (isOld) notesOld++;
    }
    if (mustBeNew ? !isNew : !isNew && !isOld) {
      problems.push(`${notePath}: ${actual.cards.length} cards / ${actual.passages.length} passages match neither the previous state (${old.cards.length}/${old.passages.length}) nor the file (${after.cards.length}/${after.passages.length})`);
    }
  }
  return { problems, notesOld, notesNew };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

interface KillPlan {
  /** Delay after the trigger. */
  afterMs: number;
  /** The trigger: the first stdout line matching this… */
  afterLine?: RegExp;
  /** …or this condition, polled every 10 ms; else the start. */
  when?: () => Promise<boolean>;
}

/**
 * Runs a TypeScript entry point of the app in its own process group (so SIGKILL reaches every process
 * of it), and kills it with SIGKILL as planned.
 */
function runScript(args: string[], env: NodeJS.ProcessEnv, kill?: KillPlan): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: APP_DIR, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const armKill = () => {
    timer = setTimeout(() => {
      if (exited()) return;
      try {
        process.kill(-child.pid!, "SIGKILL");
        killed = true;
      } catch {
        // Already gone.
      }
    }, kill!.afterMs);
  };
  child.stdout.on("data", (chunk: Buffer) => {
    const seen = kill?.afterLine?.test(stdout);
    stdout += chunk.toString();
    if (kill?.afterLine && !seen && kill.afterLine.test(stdout)) armKill();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const poll = async () => {
    while (!exited() && !(await kill!.when!())) await new Promise((resolve) => setTimeout(resolve, 10));
    if (!exited()) armKill();
  };
  if (kill?.when) void poll();
  else if (kill && !kill.afterLine) armKill();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed, stdout, stderr, ms: performance.now() - started });
    });
  });
}


export async function runCrashTrials(options: CrashTrialOptions): Promise<CrashTrialsResult> {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed); // mulberry32, shared with the benchmarks
  // The draw once named the database; it stays so a seed replays the same trials as before.
  random();
  const { name, url, drop } = await createScratchDatabase(options.serverUrl, "recall_crash");
  const env = { ...process.env, DATABASE_URL: url };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "recall-crash-notes-"));
  const folder = new NotesFolder(root, random, options.cardsPerFile);
  const client = new pg.Client({ connectionString: url });
  let db: Database | undefined;
  const importArgs = ["cli/index.ts", "import", root, "--root", root, "--json"];
  const importToCompletion = async () => {
    const run = await runScript(importArgs, env);
    if (run.code !== 0) throw new Error(`cards import failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
    return run;
  };

  try {
    for (let i = 0; i < options.files; i++) folder.addNote();
    log(`generated ${options.files} notes × ${options.cardsPerFile} cards in ${root}; importing into ${name}`);
    const first = await importToCompletion();
    log(`first import: ${Math.round(first.ms)} ms`);
    await client.connect();
    const setupProblems = [
      ...(await invariantProblems(client, null)),
      ...(await noteProblems(client, { notes: new Map(), logIds: new Set(), cardIds: new Set() }, expectedContent(folder, await snapshot(client)), true)).problems,
    ];

    // History that must survive every trial: answers to some cards, through the app's own code.
    db = await openDatabase({ url, migrate: false });
    await saveReviewSettings(db.prisma, { newCardsPerDay: 100_000, reviewsPerDay: 100_000 });
    for (let i = 0; i < Math.min(100, options.files * options.cardsPerFile); i++) {
      const next = await nextCard(db.prisma);
      if (!next.card) break;
      await answerCard(db.prisma, { cardId: next.card.id, rating: (1 + (i % 4)) as Rating, idempotencyKey: next.card.idempotencyKey, shown: next.card.shown });
    }
    await db.close();
    db = undefined;

    const trials: TrialReport[] = [];
    for (let trial = 1; trial <= options.trials; trial++) {
      const rewritten = folder.changeSome(options.changedFiles).size;
      const before = await snapshot(client);
      const expected = expectedContent(folder, before);
      // Killed after a random number of this trial's note transactions committed (0: during start-up or the
      // first one), plus up to 50 ms; once all are committed, during embedding; or not at all.
      const killAfterNotes = Math.floor(random() * (rewritten + 2));
      const trialStart = new Date();
      const committed = async () =>
        Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM notes WHERE last_imported_at > $1 OR missing_since > $1`, [trialStart])).rows[0].n);
      const run = await runScript(importArgs, env, { afterMs: Math.round(random() * 50), when: async () => (await committed()) >= killAfterNotes });
      const killAfterMs = Math.round(run.ms);
      const notes = await noteProblems(client, before, expected, false);
      const problems = [...(await invariantProblems(client, before)), ...notes.problems];
      if (!run.killed && run.code !== 0) problems.push(`import failed on its own (exit ${run.code}): ${run.stderr.slice(-500)}`);
      await importToCompletion();
      const problemsAfterReimport = [...(await invariantProblems(client, before)), ...(await noteProblems(client, before, expected, true)).problems];
      const importTrial: ImportTrial = { killAfterNotes, killAfterMs, killed: run.killed, notesOld: notes.notesOld, notesNew: notes.notesNew, problems, problemsAfterReimport };

      const beforeReview = await snapshot(client);
      // Counted from the first answer, so the kill lands while answers are being written.
      const reviewKillMs = Math.round(random() * 2000);
      const loop = await runScript(["tests/reliability/answer-loop.ts"], env, { afterMs: reviewKillMs, afterLine: /^answered /m });
      const after = await snapshot(client);
      const answersReported = (loop.stdout.match(/^answered /gm) ?? []).length;
      const logsAdded = after.logIds.size - beforeReview.logIds.size;
      const reviewProblems = await invariantProblems(client, beforeReview);
      // A reported answer was committed; the one in flight at the kill may or may not have been.
      if (logsAdded < answersReported || logsAdded > answersReported + 1) reviewProblems.push(`${answersReported} answers reported but ${logsAdded} review logs added`);
      if (!loop.killed && !/queue empty/.test(loop.stdout)) reviewProblems.push(`answer loop died on its own (exit ${loop.code}): ${loop.stderr.slice(-500)}`);
      const reviewTrial: ReviewTrial = { killAfterMs: reviewKillMs, killed: loop.killed, answersReported, logsAdded, problems: reviewProblems };

      trials.push({ trial, import: importTrial, review: reviewTrial });
      log(
        `trial ${trial}: import ${run.killed ? `killed after ${killAfterNotes} of ${rewritten} rewritten notes committed (${killAfterMs} ms)` : `finished before the kill (${killAfterMs} ms)`}: ` +
          `old/new ${notes.notesOld}/${notes.notesNew}; ` +
          `problems ${problems.length}, after re-import ${problemsAfterReimport.length} | answer loop killed ${reviewKillMs} ms into answering, after ${answersReported} answers, ` +
          `${logsAdded} logs added; problems ${reviewProblems.length}`,
      );
      for (const problem of [...problems, ...problemsAfterReimport, ...reviewProblems]) log(`  problem: ${problem}`);
    }
    const cards = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM cards`)).rows[0].n);
    return { cards, setupProblems, trials };
  } finally {
    await db?.close();
    await client.end().catch(() => {});
    await drop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
