import { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "../db";
import type { Embedder } from "../embeddings";
import { SearchInputError } from "./errors";
import { rankCandidates, type Candidate } from "./fusion";
import { anyWordQuery, normaliseQuery } from "./query-text";
import { SearchRequest, type ResultType, type SearchResponse, type SearchResult } from "./types";
import { vectorSql, withVectorSearch } from "./vector-sql";

type Tx = Prisma.TransactionClient;

interface CandidateRow extends Candidate {
  front: string | null;
  back: string | null;
  text: string | null;
  deck: string;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
}

interface QuerySql {
  /** The query vector, absent in keyword mode. */
  vector?: Prisma.Sql;
  /** websearch_to_tsquery of the query: every word. */
  allWords: Prisma.Sql;
  /** websearch_to_tsquery of the words joined by "or": any word. */
  anyWord: Prisma.Sql;
  model: string;
  semanticK: number;
  keywordK: number;
}

/** Every hit either list proposes is scored on both signals, so fusion never guesses a missing one. */
function candidateCount(limit: number): number {
  return Math.max(limit * 3, 30);
}

async function deckIds(prisma: PrismaClient, deck: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM decks WHERE path = ${deck} OR starts_with(path, ${deck + "/"})`;
  if (rows.length > 0) return rows.map((row) => row.id);
  const known = await prisma.$queryRaw<{ path: string }[]>`SELECT path FROM decks ORDER BY path LIMIT 20`;
  throw new SearchInputError(
    known.length === 0
      ? `No deck "${deck}": there are no decks yet. Import notes first.`
      : `No deck "${deck}". Decks: ${known.map((row) => row.path).join(", ")}.`,
  );
}

function cardFilterSql(filters: { deckIds?: string[]; tag?: string; kind?: string; status: string }): Prisma.Sql {
  const parts = [Prisma.sql`c.status = CAST(${filters.status} AS "CardStatus")`];
  if (filters.deckIds) parts.push(Prisma.sql`c.deck_id = ANY(${filters.deckIds})`);
  if (filters.tag) parts.push(Prisma.sql`${filters.tag} = ANY(c.tags)`);
  if (filters.kind) parts.push(Prisma.sql`c.kind = CAST(${filters.kind} AS "CardKind")`);
  return Prisma.join(parts, " AND ");
}

function passageFilterSql(filters: { deckIds?: string[] }): Prisma.Sql {
  const parts = [Prisma.sql`n.missing_since IS NULL`];
  if (filters.deckIds) parts.push(Prisma.sql`n.deck_id = ANY(${filters.deckIds})`);
  return Prisma.join(parts, " AND ");
}

const noIds = Prisma.sql`SELECT NULL::text AS id WHERE false`;

async function cardCandidates(tx: Tx, q: QuerySql, filter: Prisma.Sql): Promise<CandidateRow[]> {
  const semantic = q.vector
    ? Prisma.sql`SELECT e.card_id AS id FROM card_embeddings e JOIN cards c ON c.id = e.card_id
        WHERE e.model = ${q.model} AND ${filter} ORDER BY e.embedding <=> ${q.vector} LIMIT ${q.semanticK}`
    : noIds;
  const keyword =
    q.keywordK > 0
      ? Prisma.sql`SELECT c.id FROM cards c WHERE c.search_text @@ ${q.anyWord} AND ${filter}
        ORDER BY (c.search_text @@ ${q.allWords}) DESC, ts_rank_cd(c.search_text, ${q.anyWord}) DESC LIMIT ${q.keywordK}`
      : noIds;
  const similarity = q.vector ? Prisma.sql`1 - (e.embedding <=> ${q.vector})` : Prisma.sql`NULL::float8`;
  const rows = await tx.$queryRaw<(Omit<CandidateRow, "type" | "text"> & { similarity: number | null })[]>`
    WITH semantic AS (${semantic}), keyword AS (${keyword})
    SELECT c.id, c.front, c.back, d.path AS deck, coalesce(c.source_path, n.path) AS path,
           c.start_line AS "startLine", c.end_line AS "endLine",
           ${similarity} AS similarity,
           ts_rank_cd(c.search_text, ${q.anyWord})::float8 AS "keywordRank",
           (c.search_text @@ ${q.allWords}) AS "allWords"
    FROM cards c
    JOIN decks d ON d.id = c.deck_id
    LEFT JOIN notes n ON n.id = c.note_id
    LEFT JOIN card_embeddings e ON e.card_id = c.id AND e.model = ${q.model}
    WHERE c.id IN (SELECT id FROM semantic UNION SELECT id FROM keyword)`;
  return rows.map((row) => ({ ...row, type: "card", text: null }));
}

async function passageCandidates(tx: Tx, q: QuerySql, filter: Prisma.Sql): Promise<CandidateRow[]> {
  const semantic = q.vector
    ? Prisma.sql`SELECT e.passage_id AS id FROM passage_embeddings e
        JOIN passages p ON p.id = e.passage_id JOIN notes n ON n.id = p.note_id
        WHERE e.model = ${q.model} AND ${filter} ORDER BY e.embedding <=> ${q.vector} LIMIT ${q.semanticK}`
    : noIds;
  const keyword =
    q.keywordK > 0
      ? Prisma.sql`SELECT p.id FROM passages p JOIN notes n ON n.id = p.note_id
        WHERE p.search_text @@ ${q.anyWord} AND ${filter}
        ORDER BY (p.search_text @@ ${q.allWords}) DESC, ts_rank_cd(p.search_text, ${q.anyWord}) DESC LIMIT ${q.keywordK}`
      : noIds;
  const similarity = q.vector ? Prisma.sql`1 - (e.embedding <=> ${q.vector})` : Prisma.sql`NULL::float8`;
  const rows = await tx.$queryRaw<(Omit<CandidateRow, "type" | "front" | "back"> & { similarity: number | null })[]>`
    WITH semantic AS (${semantic}), keyword AS (${keyword})
    SELECT p.id, p.text, d.path AS deck, n.path, p.start_line AS "startLine", p.end_line AS "endLine",
           ${similarity} AS similarity,
           ts_rank_cd(p.search_text, ${q.anyWord})::float8 AS "keywordRank",
           (p.search_text @@ ${q.allWords}) AS "allWords"
    FROM passages p
    JOIN notes n ON n.id = p.note_id
    JOIN decks d ON d.id = n.deck_id
    LEFT JOIN passage_embeddings e ON e.passage_id = p.id AND e.model = ${q.model}
    WHERE p.id IN (SELECT id FROM semantic UNION SELECT id FROM keyword)`;
  return rows.map((row) => ({ ...row, type: "passage", front: null, back: null }));
}

// Marks unlikely to occur in notes; anything between them is a matched word.
const MARK_START = "⟦";
const MARK_END = "⟧";
const HEADLINE_OPTIONS = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;

/** The words PostgreSQL's stemmer matched in each hit (so "embeddings" highlights for "embedding"). */
async function matchedWords(prisma: PrismaClient, anyWord: Prisma.Sql, hits: { type: ResultType; id: string }[]): Promise<Map<string, string[]>> {
  const ids = (type: ResultType) => hits.filter((hit) => hit.type === type).map((hit) => hit.id);
  const rows = await prisma.$queryRaw<{ id: string; marked: string }[]>`
    SELECT c.id, ts_headline('english', c.front || E'\n' || c.back, ${anyWord}, ${HEADLINE_OPTIONS}) AS marked
    FROM cards c WHERE c.id = ANY(${ids("card")})
    UNION ALL
    SELECT p.id, ts_headline('english', p.text, ${anyWord}, ${HEADLINE_OPTIONS}) AS marked
    FROM passages p WHERE p.id = ANY(${ids("passage")})`;
  const pattern = new RegExp(`${MARK_START}([^${MARK_END}]{1,80})${MARK_END}`, "g");
  return new Map(
    rows.map((row) => {
      const words = new Map<string, string>();
      for (const match of row.marked.matchAll(pattern)) words.set(match[1].toLowerCase(), match[1]);
      return [row.id, [...words.values()]];
    }),
  );
}

/**
 * Searches cards and note passages. Semantic: cosine over the HNSW index for `embedder.model` only;
 * keyword: PostgreSQL full text (websearch syntax), documents with every word first; hybrid (default):
 * a weighted sum of the two (lib/search/fusion.ts; weight chosen on `npm run eval:search`).
 *
 * An empty query gives no results; a long one is cut to MAX_QUERY_CHARS; query text is always a
 * parameter and parsed with websearch_to_tsquery, which accepts any input. Unknown deck: SearchInputError.
 */
export async function searchNotes(prisma: PrismaClient, embedder: Embedder, request: SearchRequest): Promise<SearchResponse> {
  const parsed = SearchRequest.safeParse(request);
  if (!parsed.success) throw new SearchInputError(`Invalid search: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`).join("; ")}`);
  const options = parsed.data;
  const query = normaliseQuery(options.query);
  if (query === "") return { results: [] };

  const cardsOnly = Boolean(options.tag || options.kind || options.status);
  const types = new Set<ResultType>(options.types ?? (cardsOnly ? ["card"] : ["card", "passage"]));
  if (cardsOnly) types.delete("passage");
  const decks = options.deck ? await deckIds(prisma, options.deck) : undefined;

  const k = candidateCount(options.limit);
  const vector = options.mode === "keyword" ? undefined : (await embedder.embed([query]))[0];
  const q: QuerySql = {
    vector: vector && vectorSql(vector),
    allWords: Prisma.sql`websearch_to_tsquery('english', ${query})`,
    anyWord: Prisma.sql`websearch_to_tsquery('english', ${anyWordQuery(query)})`,
    model: embedder.model,
    semanticK: vector ? k : 0,
    keywordK: options.mode === "semantic" ? 0 : k,
  };

  const candidates = await withVectorSearch(prisma, async (tx) => [
    ...(types.has("card") ? await cardCandidates(tx, q, cardFilterSql({ deckIds: decks, tag: options.tag, kind: options.kind, status: options.status ?? "active" })) : []),
    ...(types.has("passage") ? await passageCandidates(tx, q, passageFilterSql({ deckIds: decks })) : []),
  ]);

  const ranked = rankCandidates(candidates, options.mode)
    .filter(({ candidate }) => options.mode !== "keyword" || candidate.keywordRank > 0 || candidate.allWords)
    .slice(0, options.limit);
  const highlights = ranked.length > 0 ? await matchedWords(prisma, q.anyWord, ranked.map(({ candidate }) => candidate)) : new Map();
  return { results: ranked.map(({ candidate, score }) => toResult(candidate, score, highlights.get(candidate.id) ?? [])) };
}

function toResult(row: CandidateRow, score: number, highlights: string[]): SearchResult {
  const common = {
    deck: row.deck,
    score: Math.round(score * 10_000) / 10_000,
    source: { path: row.path, startLine: row.startLine, endLine: row.endLine },
    highlights,
  };
  return row.type === "card"
    ? { type: "card", id: row.id, front: row.front ?? "", back: row.back ?? "", ...common }
    : { type: "passage", id: row.id, text: row.text ?? "", ...common };
}
