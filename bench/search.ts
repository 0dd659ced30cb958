/**
 * Search latency and HNSW recall on a generated collection of cards (bench/search-collection.ts).
 *   npm run bench:search [-- --cards 100000] [--queries 200] [--backend pglite|postgres] [--json]
 * Runs on embedded PGlite, and on PostgreSQL too when DATABASE_URL is set (a throwaway database is
 * created on that server and dropped afterwards). Query embedding is timed apart from the searches.
 */
import { createLocalEmbedder, type Embedder } from "../lib/embeddings";
import type { PrismaClient } from "../lib/db";
import { searchNotes, type SearchMode } from "../lib/search";
import { HNSW_EF_SEARCH, vectorSql } from "../lib/search/vector-sql";
import { argValue, benchBackends, benchServerUrl, freshDatabase, generateCards, generateCollection, loadCollection, percentile } from "./search-collection";

const args = process.argv.slice(2);
const json = args.includes("--json");
const cardCount = Number(argValue(args, "--cards") ?? 100_000);
const queryCount = Number(argValue(args, "--queries") ?? 200);
const EF_VALUES = [20, 40, 64, 100, 160, 240];
const log = (line: string) => process.stderr.write(`${line}\n`);

const embedder = createLocalEmbedder();
log(`generating ${cardCount} cards and their vectors…`);
const collection = await generateCollection(embedder, cardCount);
const queries = generateCards(queryCount, 7).map((card) => card.front);
const embedMs: number[] = [];
const queryVectors = new Map<string, Float32Array>();
await embedder.embed(["warm up"]);
for (const query of queries) {
  const started = performance.now();
  queryVectors.set(query, (await embedder.embed([query]))[0]);
  embedMs.push(performance.now() - started);
}
// Searches below get their query vector from this map, so their timing excludes the model.
const preEmbedded: Embedder = { model: embedder.model, dimension: embedder.dimension, embed: async (texts) => texts.map((text) => queryVectors.get(text)!) };

interface Timing {
  p50: number;
  p95: number;
}
const timing = (ms: number[]): Timing => ({ p50: round(percentile(ms, 0.5)), p95: round(percentile(ms, 0.95)) });
const round = (x: number) => Math.round(x * 100) / 100;

async function timed<T>(run: (query: string) => Promise<T>): Promise<{ ms: number[]; results: T[] }> {
  for (const query of queries.slice(0, 5)) await run(query); // warm caches and plans
  const ms: number[] = [];
  const results: T[] = [];
  for (const query of queries) {
    const started = performance.now();
    results.push(await run(query));
    ms.push(performance.now() - started);
  }
  return { ms, results };
}

type Ids = string[];
const rawTop10 = (prisma: PrismaClient) => (query: string) =>
  prisma.$queryRaw<{ id: string }[]>`SELECT card_id AS id FROM card_embeddings ORDER BY embedding <=> ${vectorSql(queryVectors.get(query)!)} LIMIT 10`.then((rows): Ids => rows.map((r) => r.id));

const hnswTop10 = (prisma: PrismaClient, ef: number) => (query: string) =>
  prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('hnsw.ef_search', ${String(ef)}, true)`;
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT card_id AS id FROM card_embeddings ORDER BY embedding <=> ${vectorSql(queryVectors.get(query)!)} LIMIT 10`;
    return rows.map((r) => r.id);
  });

const exactTop10 = (prisma: PrismaClient) => (query: string) =>
  prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('enable_indexscan', 'off', true)`;
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT card_id AS id FROM card_embeddings ORDER BY embedding <=> ${vectorSql(queryVectors.get(query)!)} LIMIT 10`;
    return rows.map((r) => r.id);
  }, { timeout: 60_000 });

const search = (prisma: PrismaClient, mode: SearchMode) => (query: string) =>
  searchNotes(prisma, preEmbedded, { query, mode, limit: 10, types: ["card"] }).then((r): Ids => r.results.map((hit) => hit.id));

function recall(found: Ids[], exact: Ids[]): number {
  const total = found.reduce((sum, ids, i) => sum + ids.filter((id) => exact[i].includes(id)).length, 0);
  return Math.round((total / (exact.length * 10)) * 1000) / 1000;
}

const backends = benchBackends(args);
const report: Record<string, unknown>[] = [];
for (const backend of backends) {
  const db = await freshDatabase(backend, benchServerUrl);
  try {
    log(`${db.name}: loading ${cardCount} cards and building the HNSW index…`);
    const loadStarted = performance.now();
    await loadCollection(db, collection.cards, collection.vectors, embedder.model);
    const loadSeconds = round((performance.now() - loadStarted) / 1000);
    log(`${db.name}: loaded in ${loadSeconds} s; timing ${queries.length} queries per variant…`);
    const exact = await timed(exactTop10(db.prisma));
    const raw = await timed(rawTop10(db.prisma));
    const semantic = await timed(search(db.prisma, "semantic"));
    const hybrid = await timed(search(db.prisma, "hybrid"));
    const keyword = await timed(search(db.prisma, "keyword"));
    const perEf = [];
    for (const ef of EF_VALUES) {
      const run = await timed(hnswTop10(db.prisma, ef));
      perEf.push({ efSearch: ef, recallAt10: recall(run.results, exact.results), ...timing(run.ms) });
    }
    report.push({
      backend: db.name,
      cards: cardCount,
      queries: queries.length,
      loadSeconds,
      queryEmbeddingMs: timing(embedMs),
      rawSqlMs: timing(raw.ms),
      exactScanMs: timing(exact.ms),
      semanticMs: { ...timing(semantic.ms), recallAt10: recall(semantic.results, exact.results), efSearch: HNSW_EF_SEARCH },
      hybridMs: timing(hybrid.ms),
      keywordMs: timing(keyword.ms),
      rawRecallAt10: recall(raw.results, exact.results),
      perEfSearch: perEf,
    });
  } finally {
    await db.destroy();
  }
}

if (json) {
  process.stdout.write(JSON.stringify({ results: report }, null, 2) + "\n");
} else {
  for (const r of report as Record<string, never>[]) {
    const t = (x: Timing) => `p50 ${x.p50.toFixed(2)} ms  p95 ${x.p95.toFixed(2)} ms`;
    const raw = r.rawSqlMs as Timing;
    const ratio = (x: Timing) => `(${(x.p50 / raw.p50).toFixed(2)}× / ${(x.p95 / raw.p95).toFixed(2)}× raw)`;
    const semantic = r.semanticMs as Timing & { recallAt10: number; efSearch: number };
    console.log(`\n${r.backend}: ${r.cards} cards, ${r.queries} queries (load + index build ${r.loadSeconds} s)`);
    console.log(`  query embedding      ${t(r.queryEmbeddingMs)}  (not included below)`);
    console.log(`  raw SQL top-10       ${t(raw)}  recall@10 ${r.rawRecallAt10} (ef_search ${HNSW_EF_SEARCH}: every connection's setting)`);
    console.log(`  semantic searchNotes ${t(semantic)}  ${ratio(semantic)}  recall@10 ${semantic.recallAt10} (ef_search ${semantic.efSearch})`);
    console.log(`  hybrid searchNotes   ${t(r.hybridMs)}  ${ratio(r.hybridMs)}`);
    console.log(`  keyword searchNotes  ${t(r.keywordMs)}`);
    console.log(`  exact scan           ${t(r.exactScanMs)}`);
    console.log("  ef_search  recall@10  p50 ms  p95 ms  (the raw SQL with SET LOCAL, in a transaction)");
    for (const row of r.perEfSearch as { efSearch: number; recallAt10: number; p50: number; p95: number }[]) {
      console.log(`  ${String(row.efSearch).padStart(9)}  ${row.recallAt10.toFixed(3).padStart(9)}  ${row.p50.toFixed(2).padStart(6)}  ${row.p95.toFixed(2).padStart(6)}`);
    }
  }
}
