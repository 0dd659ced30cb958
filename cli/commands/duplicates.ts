import cliProgress from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";
import type { DuplicateCluster } from "../../lib/search";
import { emit, fail } from "../output";

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
    lines.push("", `${cluster.similarity.toFixed(2)}  ${cluster.cards.length} cards`);
    for (const card of cluster.cards) {
      const front = card.front.replace(/\s+/g, " ").trim();
      lines.push(`  - [${card.deck}] ${front.length > 90 ? `${front.slice(0, 89)}…` : front}  (${card.reviews} reviews)  ${card.id}`);
    }
  }
  lines.push("", "Keep, retire or mark them on the Duplicates page of the web app.");
  return lines.join("\n");
}

export function registerDuplicates(program: Command): void {
  program
    .command("duplicates")
    .description("list clusters of near-duplicate active cards (nearest neighbours by meaning)")
    .option("--threshold <similarity>", "cosine similarity from which cards count as duplicates", similarity, 0.9)
    .option("--json", "machine-readable output")
    .action(async (options: DuplicatesCommandOptions) => {
      const bar = process.stderr.isTTY && !options.json ? new cliProgress.SingleBar({ format: "scanning [{bar}] {value}/{total} cards", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      try {
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const { findDuplicateClusters } = await import("../../lib/search");
        // Only the model's name is needed: the scan compares stored vectors.
        const { model } = embedderFromEnv();
        const db = await openDatabase();
        try {
          const { clusters } = await findDuplicateClusters(db.prisma, model, {
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
}
