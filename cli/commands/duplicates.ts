import cliProgress from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";
import type { PrismaClient } from "../../lib/db";
import { plural } from "../../lib/plural";
import type { DuplicateCluster } from "../../lib/search";
import { emit, fail, type OutputOptions } from "../output";

/** lib/search, loaded when a command runs (not for --help). */
type SearchLib = typeof import("../../lib/search");

interface DuplicatesCommandOptions {
  threshold: number;
  json?: boolean;
}

function similarity(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError("a cosine similarity above 0 and at most 1, e.g. 0.9");
  return n;
}

function renderClusters(clusters: DuplicateCluster[], threshold: number): string {
  if (clusters.length === 0) return `no near-duplicate cards at similarity ≥ ${threshold}`;
  const lines = [`${clusters.length} cluster(s) of near-duplicate cards (similarity ≥ ${threshold}):`];
  for (const cluster of clusters) {
    // Rounded down, as on the Duplicates page: 0.898 must not read as 0.90 next to a 0.9 threshold.
    lines.push("", `${(Math.floor(cluster.similarity * 100) / 100).toFixed(2)}  ${cluster.cards.length} cards`);
    for (const card of cluster.cards) {
      const front = card.front.replace(/\s+/g, " ").trim();
      lines.push(`  - [${card.deck}] ${front.length > 90 ? `${front.slice(0, 89)}…` : front}  (${card.reviews} reviews)  ${card.id}`);
    }
  }
  lines.push(
    "",
    "Then: cards duplicates keep <id> --retire <id...>  |  dismiss <id> <id...> (not duplicates)  |  suspend <id...>",
    "(or the Duplicates page of the web app).",
  );
  return lines.join("\n");
}

/**
 * Runs one of the Duplicates page's actions (the same lib/search functions) on the collection and
 * prints what changed; unknown ids fail with a message naming them.
 */
async function runAction<T>(options: OutputOptions, action: (prisma: PrismaClient, search: SearchLib) => Promise<T>, human: (result: T) => string): Promise<void> {
  try {
    const { openDatabase } = await import("../../lib/db");
    const search = await import("../../lib/search");
    const db = await openDatabase();
    try {
      emit(await action(db.prisma, search), options, human);
    } finally {
      await db.close();
    }
  } catch (error) {
    fail(error, options);
  }
}

const cards = (n: number) => plural(n, "card");

export function registerDuplicates(program: Command): void {
  const duplicates = program
    .command("duplicates")
    .description("scan for clusters of near-duplicate active cards (nearest neighbours by meaning), stored for the Duplicates page; keep, dismiss or suspend them")
    .option("--threshold <similarity>", "cosine similarity from which cards count as duplicates", similarity, 0.9)
    .option("--json", "machine-readable output")
    .action(async (options: DuplicatesCommandOptions) => {
      const bar = process.stderr.isTTY && !options.json ? new cliProgress.SingleBar({ format: "scanning [{bar}] {value}/{total} cards", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      try {
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const { scanDuplicates, storedDuplicateScan } = await import("../../lib/jobs");
        // Only the model's name is needed: the scan compares stored vectors.
        const { model } = embedderFromEnv();
        const db = await openDatabase();
        try {
          // The same scan the Duplicates page shows (stored, with its time), run here and now.
          await scanDuplicates(db.prisma, model, {
            threshold: options.threshold,
            onProgress: bar
              ? ({ done, total }) => {
                  if (!started) bar.start(total, 0);
                  started = true;
                  bar.update(done);
                }
              : undefined,
          });
          bar?.stop();
          const { clusters } = (await storedDuplicateScan(db.prisma, model, options.threshold))!;
          const json = { clusters: clusters.map((c) => ({ similarity: c.similarity, cards: c.cards.map(({ id, front, deck, reviews }) => ({ id, front, deck, reviews })) })) };
          emit(json, options, () => renderClusters(clusters, options.threshold));
        } finally {
          await db.close();
        }
      } catch (error) {
        bar?.stop();
        fail(error, options);
      }
    });

  // `--json` is read with optsWithGlobals: commander lets the parent `duplicates` claim it wherever it stands.
  duplicates
    .command("keep")
    .description("keep one card and retire the others into it (their review history counts in its history; nothing is deleted)")
    .argument("<cardId>", "the card to keep")
    .requiredOption("--retire <ids...>", "the cards to retire into it")
    .option("--json", "machine-readable output")
    .action(async (keepId: string, _options: { retire: string[] }, command: Command) => {
      const options = command.optsWithGlobals<{ retire: string[]; json?: boolean }>();
      await runAction(options, (prisma, { keepDuplicate }) => keepDuplicate(prisma, keepId, options.retire), (r) => `kept ${r.kept}; retired ${cards(r.retired)} into it`);
    });

  duplicates
    .command("dismiss")
    .description("mark cards as not duplicates of each other: they never cluster together again")
    .argument("<ids...>", "two or more card ids")
    .option("--json", "machine-readable output")
    .action(async (ids: string[], _options: object, command: Command) => {
      const options = command.optsWithGlobals<OutputOptions>();
      await runAction(options, (prisma, { dismissDuplicates }) => dismissDuplicates(prisma, ids), (r) => `remembered ${plural(r.pairs, "pair")} as not duplicates`);
    });

  duplicates
    .command("suspend")
    .description("suspend cards (out of review, history kept) without choosing which duplicate to keep")
    .argument("<ids...>", "card ids")
    .option("--json", "machine-readable output")
    .action(async (ids: string[], _options: object, command: Command) => {
      const options = command.optsWithGlobals<OutputOptions>();
      await runAction(options, (prisma, { suspendCards }) => suspendCards(prisma, ids), (r) => `suspended ${cards(r.suspended)}`);
    });
}
