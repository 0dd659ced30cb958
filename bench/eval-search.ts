/**
 * Search quality on the demo notes: nDCG@10 and recall@10 of keyword, semantic and hybrid search.
 *   npm run eval:search [-- --queries tests/fixtures/search/queries.json] [--verbose] [--json]
 * Imports content/*.md into a fresh embedded database (lib/importer), embeds it with the local model,
 * and runs every query of the set in every mode. Relevance is binary: an item (card or passage) is
 * relevant when its text contains one of the query's relevant substrings (ignoring case, emphasis
 * marks and spacing), so the set survives changes in how notes are cut into cards and passages.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { appDir } from "../lib/config";
import { createLocalEmbedder } from "../lib/embeddings";
import { importNotes } from "../lib/importer";
import { embedPending, SEARCH_MODES, searchNotes, type SearchMode } from "../lib/search";
import { argValue, freshDatabase } from "./search-collection";

const QuerySet = z.object({
  queries: z.array(z.object({ query: z.string(), kind: z.enum(["paraphrase", "keyword"]), relevant: z.array(z.string()).min(1) })).min(1),
});

const args = process.argv.slice(2);
const json = args.includes("--json");
const verbose = args.includes("--verbose");
const queryFile = argValue(args, "--queries") ?? path.join(appDir(), "tests/fixtures/search/queries.json");
const { queries } = QuerySet.parse(JSON.parse(fs.readFileSync(queryFile, "utf8")));
const K = 10;
const log = (line: string) => process.stderr.write(`${line}\n`);

const normalise = (text: string) => text.toLowerCase().replace(/[*_`\\]/g, "").replace(/\s+/g, " ").trim();

const embedder = createLocalEmbedder();
const db = await freshDatabase("pglite");
try {
  const root = path.join(appDir(), "content");
  const imported = await importNotes(db.prisma, [root], { root });
  const embedded = await embedPending(db.prisma, embedder);
  log(`imported ${imported.summary.added} cards; embedded ${embedded.cards} cards and ${embedded.passages} passages with ${embedder.model}`);

  const items = new Map<string, string>();
  for (const card of await db.prisma.card.findMany({ where: { status: "active" }, select: { id: true, front: true, back: true } })) {
    items.set(card.id, normalise(`${card.front}\n${card.back}`));
  }
  for (const passage of await db.prisma.passage.findMany({ select: { id: true, headingPath: true, text: true } })) {
    items.set(passage.id, normalise(`${passage.headingPath.join("\n")}\n${passage.text}`));
  }
  const relevantIds = queries.map((q) => {
    const needles = q.relevant.map(normalise);
    const ids = new Set([...items].filter(([, text]) => needles.some((needle) => text.includes(needle))).map(([id]) => id));
    if (ids.size === 0) log(`warning: no card or passage contains any relevant text of "${q.query}"`);
    return ids;
  });

  const dcg = (gains: number[]) => gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
  const rows: { mode: SearchMode; kind: string; ndcg: number; recall: number }[] = [];
  const perQuery: Record<string, { query: string; ndcg: number; recall: number; top: string[] }[]> = {};
  for (const mode of SEARCH_MODES) {
    perQuery[mode] = [];
    for (const [i, q] of queries.entries()) {
      const relevant = relevantIds[i];
      const { results } = await searchNotes(db.prisma, embedder, { query: q.query, mode, limit: K });
      const gains = results.map((r) => (relevant.has(r.id) ? 1 : 0));
      const ideal = dcg(Array.from({ length: Math.min(relevant.size, K) }, () => 1));
      const ndcg = ideal === 0 ? 0 : dcg(gains) / ideal;
      const recall = relevant.size === 0 ? 0 : gains.reduce((a: number, b) => a + b, 0) / Math.min(relevant.size, K);
      rows.push({ mode, kind: q.kind, ndcg, recall });
      perQuery[mode].push({ query: q.query, ndcg, recall, top: results.slice(0, 3).map((r) => `${relevant.has(r.id) ? "+" : "-"} ${(r.front ?? r.text ?? "").replace(/\s+/g, " ").slice(0, 70)}`) });
    }
  }

  const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;
  const summary = SEARCH_MODES.map((mode) => {
    const of = (kind?: string) => rows.filter((r) => r.mode === mode && (!kind || r.kind === kind));
    return {
      mode,
      ndcgAt10: mean(of().map((r) => r.ndcg)),
      recallAt10: mean(of().map((r) => r.recall)),
      paraphrase: { ndcgAt10: mean(of("paraphrase").map((r) => r.ndcg)), recallAt10: mean(of("paraphrase").map((r) => r.recall)) },
      keyword: { ndcgAt10: mean(of("keyword").map((r) => r.ndcg)), recallAt10: mean(of("keyword").map((r) => r.recall)) },
    };
  });

  if (json) {
    process.stdout.write(JSON.stringify({ model: embedder.model, queries: queries.length, summary, ...(verbose ? { perQuery } : {}) }, null, 2) + "\n");
  } else {
    const paraphrases = queries.filter((q) => q.kind === "paraphrase").length;
    console.log(`${queries.length} queries (${paraphrases} paraphrases, ${queries.length - paraphrases} keyword) over content/*.md, model ${embedder.model}\n`);
    console.log("mode       nDCG@10  recall@10   paraphrase nDCG/recall   keyword nDCG/recall");
    for (const s of summary) {
      console.log(
        `${s.mode.padEnd(9)}  ${s.ndcgAt10.toFixed(3).padStart(7)}  ${s.recallAt10.toFixed(3).padStart(9)}   ${s.paraphrase.ndcgAt10.toFixed(3)} / ${s.paraphrase.recallAt10.toFixed(3)}            ${s.keyword.ndcgAt10.toFixed(3)} / ${s.keyword.recallAt10.toFixed(3)}`,
      );
    }
    if (verbose) {
      for (const mode of SEARCH_MODES) {
        console.log(`\n${mode}: queries below nDCG 0.7`);
        for (const q of perQuery[mode].filter((q) => q.ndcg < 0.7)) console.log(`  ${q.ndcg.toFixed(2)}  ${q.query}\n${q.top.map((t) => `        ${t}`).join("\n")}`);
      }
    }
  }
} finally {
  await db.destroy();
}
