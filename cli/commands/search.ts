import { Option, type Command } from "commander";
import type { SearchResult } from "../../lib/search";
import { plural } from "../../lib/plural";
import { positiveInteger } from "../arguments";
import { embedProgressBar } from "../progress";
import { emit, fail } from "../output";

interface SearchCommandOptions {
  mode: "hybrid" | "semantic" | "keyword";
  deck?: string;
  tag?: string;
  kind?: "basic" | "reversed" | "cloze" | "topic" | "term";
  status?: "active" | "suspended" | "retired";
  type?: "card" | "passage";
  limit: number;
  json?: boolean;
}

const oneLine = (text: string, max = 100) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function where(result: SearchResult): string {
  const { path, startLine, endLine } = result.source;
  if (!path) return "";
  return startLine ? `${path}:${startLine}${endLine && endLine !== startLine ? `–${endLine}` : ""}` : path;
}

function renderResults({ results }: { results: SearchResult[] }): string {
  if (results.length === 0) return "no results";
  return results
    .map((r, i) => {
      const head = `${String(i + 1).padStart(2)}. ${r.score.toFixed(3)}  ${r.type === "card" ? "card   " : "passage"}  [${r.deck}]  ${where(r)}`;
      const body = r.type === "card" ? [`    Q: ${oneLine(r.front ?? "")}`, `    A: ${oneLine(r.back ?? "")}`] : [`    ${oneLine(r.text ?? "", 200)}`];
      return [head, ...body].join("\n");
    })
    .join("\n");
}

export function registerSearch(program: Command): void {
  program
    .command("search")
    .description("search cards and note passages by meaning and by words (hybrid), or by one of them")
    .argument("<query>", "what to look for, in your own words")
    .addOption(new Option("--mode <mode>", "hybrid, semantic or keyword").choices(["hybrid", "semantic", "keyword"]).default("hybrid"))
    .option("--deck <path>", "only this deck and its sub-decks")
    .option("--tag <tag>", "only cards with this tag")
    .addOption(new Option("--kind <kind>", "only cards of this kind").choices(["basic", "reversed", "cloze", "topic", "term"]))
    .addOption(new Option("--status <status>", "cards with this status (default active)").choices(["active", "suspended", "retired"]))
    .addOption(new Option("--type <type>", "only cards or only note passages").choices(["card", "passage"]))
    .option("--limit <n>", "number of results, 1–100", positiveInteger, 10)
    .option("--json", "machine-readable output")
    .action(async (query: string, options: SearchCommandOptions) => {
      try {
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const { searchNotes } = await import("../../lib/search");
        const embedder = embedderFromEnv();
        const db = await openDatabase();
        try {
          const { results } = await searchNotes(db.prisma, embedder, {
            query,
            mode: options.mode,
            deck: options.deck,
            tag: options.tag,
            kind: options.kind,
            status: options.status,
            types: options.type ? [options.type] : undefined,
            limit: options.limit,
          });
          // The issue's JSON shape: highlights are for the web page.
          const plain = results.map((result) => ({ type: result.type, id: result.id, front: result.front, back: result.back, text: result.text, deck: result.deck, score: result.score, source: result.source }));
          emit({ results: plain }, options, () => renderResults({ results }));
        } finally {
          await db.close();
        }
      } catch (error) {
        fail(error, options);
      }
    });

  program
    .command("embed")
    .description("embed cards and passages that have no vector for the current model yet (after a model change or a failed import)")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      const progress = embedProgressBar(options.json);
      try {
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const { embedAndCheckImports } = await import("../../lib/importer");
        const embedder = embedderFromEnv();
        const db = await openDatabase();
        try {
          // As the embed job does: imports whose new cards now all have vectors get their near-duplicate flags.
          const result = await embedAndCheckImports(db.prisma, embedder, { onProgress: progress.onProgress });
          progress.stop();
          emit(
            { model: embedder.model, ...result },
            options,
            (r) => `${r.model}: embedded ${r.cards} cards and ${r.passages} passages${r.importsChecked ? `; ${plural(r.importsChecked, "import")} checked for near-duplicates (\`cards imports\`)` : ""}`,
          );
        } finally {
          await db.close();
        }
      } catch (error) {
        progress.stop();
        fail(error, options);
      }
    });
}
