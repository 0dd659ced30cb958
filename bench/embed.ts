/**
 * Import-time embedding throughput and the duplicate scan, on generated cards (bench/search-collection.ts).
 *   npm run bench:embed [-- --cards 10000] [--dup-cards 50000] [--backend pglite|postgres] [--json]
 * 1. embedPending on N stored cards vs the raw model embedding the same texts in the same batches
 *    (the goal: at most 1.25× the raw time). 2. findDuplicateClusters over M cards with 1% planted
 *    near-copies (goal: 50k cards in at most 60 s). PGlite, and PostgreSQL too when DATABASE_URL is set.
 */
import { createLocalEmbedder } from "../lib/embeddings";
import { cardEmbeddingText, embedPending, findDuplicateClusters } from "../lib/search";
import { argValue, benchBackends, benchServerUrl, freshDatabase, generateCards, generateCollection, loadCollection } from "./search-collection";

const args = process.argv.slice(2);
const json = args.includes("--json");
const cardCount = Number(argValue(args, "--cards") ?? 10_000);
const dupCount = Number(argValue(args, "--dup-cards") ?? 50_000);
const BATCH = 128;
const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

const embedder = createLocalEmbedder();
await embedder.embed(["load the model outside the timing"]);
const cards = generateCards(cardCount, 3);
const texts = cards.map((card) => cardEmbeddingText(card.front, card.back));

/** The raw model on the same texts in the same batches; run before and after embedPending, as the machine's load drifts. */
async function rawEmbedMs(): Promise<number> {
  log(`raw model: embedding ${cardCount} card texts…`);
  const started = performance.now();
  for (let start = 0; start < texts.length; start += BATCH) await embedder.embed(texts.slice(start, start + BATCH));
  return performance.now() - started;
}

log(`duplicates: generating ${dupCount} cards with 1% planted near-copies…`);
const collection = await generateCollection(embedder, dupCount, { duplicateShare: 0.01, seed: 5 });
const planted = collection.cards.filter((card) => card.front.endsWith("(again)")).length;

const report: Record<string, unknown>[] = [];
for (const backend of benchBackends(args)) {
  const db = await freshDatabase(backend, benchServerUrl);
  try {
    await loadCollection(db, cards, null, embedder.model);
    const rawBefore = await rawEmbedMs();
    log(`${db.name}: embedPending on ${cardCount} cards…`);
    const started = performance.now();
    const embedded = await embedPending(db.prisma, embedder, { batchSize: BATCH });
    const pendingMs = performance.now() - started;
    const rawMs = (rawBefore + (await rawEmbedMs())) / 2;
    await db.destroy();

    const dupDb = await freshDatabase(backend, benchServerUrl);
    try {
      log(`${db.name}: loading ${dupCount} cards with vectors and building the index…`);
      await loadCollection(dupDb, collection.cards, collection.vectors, embedder.model);
      log(`${db.name}: duplicate scan…`);
      const scanStarted = performance.now();
      const { clusters } = await findDuplicateClusters(dupDb.prisma, embedder.model, { threshold: 0.9 });
      const scanMs = performance.now() - scanStarted;
      report.push({
        backend: db.name,
        embedding: { cards: embedded.cards, rawSeconds: seconds(rawMs), embedPendingSeconds: seconds(pendingMs), ratio: Math.round((pendingMs / rawMs) * 100) / 100, cardsPerSecond: Math.round(embedded.cards / (pendingMs / 1000)) },
        duplicates: { cards: dupCount, planted, clusters: clusters.length, inClusters: clusters.reduce((n, c) => n + c.cards.length, 0), scanSeconds: seconds(scanMs) },
      });
    } finally {
      await dupDb.destroy();
    }
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
}

if (json) {
  process.stdout.write(JSON.stringify({ model: embedder.model, results: report }, null, 2) + "\n");
} else {
  for (const r of report as { backend: string; embedding: Record<string, number>; duplicates: Record<string, number> }[]) {
    const e = r.embedding;
    const d = r.duplicates;
    console.log(`\n${r.backend} (${embedder.model})`);
    console.log(`  embedPending ${e.cards} cards: ${e.embedPendingSeconds} s (${e.cardsPerSecond} cards/s) vs raw model ${e.rawSeconds} s → ${e.ratio}×`);
    console.log(`  duplicate scan of ${d.cards} cards: ${d.scanSeconds} s, ${d.clusters} clusters (${d.inClusters} cards; ${d.planted} near-copies planted)`);
  }
}
