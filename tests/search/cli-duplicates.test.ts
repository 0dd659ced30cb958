import { afterEach, beforeEach, expect, it } from "vitest";
import { registerDuplicates } from "../../cli/commands/duplicates";
import { openDatabase, type PrismaClient } from "../../lib/db";
import { embedPending } from "../../lib/search";
import { runCli, type CliRun } from "../helpers/cli";
import { describeEachDatabase, nameInEnvironment, type TestDatabase } from "../helpers/databases";
import { localEmbedder } from "./embedders";
import { seedCards } from "./seed";

/**
 * `cards duplicates keep|dismiss|suspend`, run through the command line parser in this process against
 * a real database named by the environment, as a user's shell would.
 */

const planted = [
  { front: "What is overfitting?", back: "When a model learns the noise in its training data and fails to generalise to new data." },
  { front: "What does overfitting mean?", back: "A model that learns noise in the training data and does not generalise to unseen data." },
  { front: "Define overfitting in machine learning.", back: "The model memorises noise in the training set and generalises poorly to new data." },
  { front: "What is a hash map?", back: "A structure mapping keys to values through a hash function, with O(1) average lookup." },
  { front: "What is a hash table?", back: "A data structure that maps keys to values using a hash function; lookups take O(1) on average." },
  { front: "What is the capital of France?", back: "Paris." },
];

/** `cards <args>` with the duplicates commands. */
const cards = (...args: string[]) => runCli(registerDuplicates, ...args);

const json = (run: CliRun) => JSON.parse(run.stdout) as Record<string, unknown>;

describeEachDatabase("cards duplicates keep|dismiss|suspend", (backend) => {
  let db: TestDatabase;
  let ids: string[];
  let restoreEnv: () => void;

  /** A fresh connection for checking what the command left (the command has closed its own). */
  async function inDatabase<T>(check: (prisma: PrismaClient) => Promise<T>): Promise<T> {
    const opened = await openDatabase({ ...db.options, migrate: false });
    try {
      return await check(opened.prisma);
    } finally {
      await opened.close();
    }
  }
  const statuses = () => inDatabase(async (prisma) => (await prisma.card.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, mergedIntoId: true } })).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)));
  const clusterIds = async () => {
    const run = await cards("duplicates", "--threshold", "0.8", "--json");
    expect(run.code, run.stderr).toBe(0);
    return (json(run).clusters as { cards: { id: string }[] }[]).map((cluster) => cluster.cards.map((card) => card.id).sort());
  };

  beforeEach(async () => {
    db = await backend.create();
    ids = await seedCards(db.prisma, planted);
    await embedPending(db.prisma, localEmbedder);
    restoreEnv = await nameInEnvironment(db);
  });
  afterEach(async () => {
    restoreEnv?.();
    await db?.destroy();
  });

  it("keeps one card of a cluster and retires the others into it; the cluster is gone", async () => {
    const overfitting = ids.slice(0, 3).sort();
    expect(await clusterIds()).toContainEqual(overfitting);

    const kept = await cards("duplicates", "keep", ids[0], "--retire", ids[1], ids[2], "--json");
    expect(kept.code, kept.stderr).toBe(0);
    expect(json(kept)).toEqual({ kept: ids[0], retired: 2 });
    expect((await statuses()).slice(0, 3)).toEqual([
      { id: ids[0], status: "active", mergedIntoId: null },
      { id: ids[1], status: "retired", mergedIntoId: ids[0] },
      { id: ids[2], status: "retired", mergedIntoId: ids[0] },
    ]);
    expect(await clusterIds()).toEqual([[ids[3], ids[4]].sort()]);
  });

  it("remembers 'not duplicates' for good, and says so in words without --json", async () => {
    const dismissed = await cards("duplicates", "dismiss", ids[3], ids[4]);
    expect(dismissed).toMatchObject({ code: 0, stdout: "remembered 1 pair as not duplicates\n" });
    expect(await clusterIds()).toEqual([ids.slice(0, 3).sort()]);
    // Again (another order, --json before the ids): still one remembered pair.
    expect(json(await cards("duplicates", "dismiss", "--json", ids[4], ids[3]))).toEqual({ pairs: 1 });
    expect(await inDatabase((prisma) => prisma.duplicateDismissal.count())).toBe(1);
  });

  it("suspends cards without choosing a winner", async () => {
    expect(json(await cards("duplicates", "suspend", ids[3], ids[4], "--json"))).toEqual({ suspended: 2 });
    expect((await statuses()).map((card) => card.status)).toEqual(["active", "active", "active", "suspended", "suspended", "active"]);
    expect((await cards("duplicates", "suspend", ids[3])).stdout).toBe("suspended 0 cards\n");
  });

  it("refuses unknown ids, naming them, with a non-zero exit and nothing changed", async () => {
    const suspend = await cards("duplicates", "suspend", ids[0], "no-such-card", "--json");
    expect(suspend.code).toBe(1);
    expect(json(suspend)).toEqual({ error: expect.stringMatching(/^No card with id "no-such-card"/) });
    expect(suspend.stderr).toMatch(/^error: No card with id "no-such-card"/);

    const keep = await cards("duplicates", "keep", "gone-1", "--retire", ids[1], "gone-2");
    expect(keep.code).toBe(1);
    expect(keep.stdout).toBe("");
    expect(keep.stderr).toMatch(/^error: No cards with ids "gone-1", "gone-2"/);

    const dismiss = await cards("duplicates", "dismiss", ids[0], "typo");
    expect(dismiss.code).toBe(1);
    expect(dismiss.stderr).toMatch(/"typo"/);

    expect((await statuses()).every((card) => card.status === "active")).toBe(true);
    expect(await inDatabase((prisma) => prisma.duplicateDismissal.count())).toBe(0);
  });

  it("says what is missing when the command is incomplete", async () => {
    const noRetire = await cards("duplicates", "keep", ids[0]);
    expect(noRetire.code).toBe(1);
    expect(noRetire.stderr).toMatch(/required option '--retire <ids\.\.\.>'/);
    const onlyItself = await cards("duplicates", "keep", ids[0], "--retire", ids[0]);
    expect(onlyItself).toMatchObject({ code: 1, stderr: "error: Name at least one card to retire besides the one to keep.\n" });
    expect((await cards("duplicates", "dismiss", ids[0])).stderr).toMatch(/at least two cards/);
  });
});
