import { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "../db";
import type { Embedder } from "../embeddings";
import { SearchInputError } from "./errors";
import { rankCandidates, type Candidate } from "./fusion";
import { normaliseQuery, queryWords, type QueryWords } from "./query-text";
import { SearchRequest, type ResultType, type SearchResponse, type SearchResult } from "./types";
import { vectorSql, withVectorSearch } from "./vector-sql";

interface CandidateRow extends Candidate {
  front: string | null;
  back: string | null;
  text: string | null;
  deck: string;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
}

interface CandidateQuery {
  /** Absent in keyword mode. */
  vector?: Float32Array;
  query: string;
  words: QueryWords;
  model: string;
  semanticK: number;
  /** 0 in semantic mode: no keyword list, and no keyword scores are computed. */
  keywordK: number;
}

// The query's vector and tsqueries are computed once, in the `query` CTE, and read through scalar
// subqueries: the HNSW and GIN indexes still use them (as InitPlan parameters), and the 384-d vector
// is sent and parsed once instead of at every use (parsing it is the costly part on PGlite).
const queryVector = Prisma.sql`(SELECT v FROM query)`;
const allWords = Prisma.sql`(SELECT all_words FROM query)`;
const anyWord = Prisma.sql`(SELECT any_word FROM query)`;
const excluded = Prisma.sql`(SELECT excluded FROM query)`;

/** Hybrid scores every hit either list proposes on both signals, so fusion never guesses a missing one. */
function candidateCount(limit: number): number {
  return Math.max(limit * 3, 30);
}

/** Keyword candidates are ranked among at most this many matches per type (a common word can match most of a collection). */
const KEYWORD_RANKED = 2000;
/** Document frequencies are counted up to this: enough to tell rare words from common ones, cheap on any collection. */
const DF_CAP = 1000;

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


/**
 * The CTEs and the SELECT for one result type: its semantic and keyword candidate lists, each
 * candidate scored on both signals. Similarity comes from the semantic list where the candidate is on
 * it, else from its stored vector; coverage sums the inverse document frequencies of the query words
 * it contains (over this type's rows), as a share of all of them.
 */
function candidatesSql(type: ResultType, q: CandidateQuery, filter: Prisma.Sql): { ctes: Prisma.Sql; select: Prisma.Sql } {
  const card = type === "card";
  const name = (what: string) => Prisma.raw(`${type}_${what}`);
  const table = Prisma.raw(card ? "cards" : "passages");
  const embeddings = Prisma.raw(card ? "card_embeddings" : "passage_embeddings");
  const owner = Prisma.raw(card ? "card_id" : "passage_id");
  const source = card ? Prisma.sql`cards c` : Prisma.sql`passages p JOIN notes n ON n.id = p.note_id`;
  const row = Prisma.raw(card ? "c" : "p");
  const where = q.words.exclude.length > 0 ? Prisma.sql`${filter} AND NOT ${row}.search_text @@ ${excluded}` : filter;
  const coverage = (doc: Prisma.Sql) =>
    Prisma.sql`coalesce((SELECT sum(t.idf) FROM ${name("terms")} t WHERE ${doc} @@ t.tq) / nullif((SELECT sum(idf) FROM ${name("terms")}), 0), 0)`;

  const semantic = q.vector
    ? Prisma.sql`SELECT e.${owner} AS id, 1 - (e.embedding <=> ${queryVector}) AS similarity
        FROM ${embeddings} e JOIN ${source} ON ${row}.id = e.${owner}
        WHERE e.model = ${q.model} AND ${where} ORDER BY e.embedding <=> ${queryVector} LIMIT ${q.semanticK}`
    : Prisma.sql`SELECT NULL::text AS id, NULL::float8 AS similarity WHERE false`;
  const keyword =
    q.keywordK > 0
      ? Prisma.sql`SELECT id FROM (
            SELECT ${row}.id, ${row}.search_text FROM ${source} WHERE ${row}.search_text @@ ${anyWord} AND ${where} LIMIT ${KEYWORD_RANKED}
          ) matches
          ORDER BY matches.search_text @@ ${allWords} DESC, ${coverage(Prisma.sql`matches.search_text`)} DESC, length(matches.search_text)
          LIMIT ${q.keywordK}`
      : Prisma.sql`SELECT NULL::text AS id WHERE false`;
  const storedSimilarity = q.vector
    ? Prisma.sql`(SELECT 1 - (e.embedding <=> ${queryVector}) FROM ${embeddings} e WHERE e.${owner} = ${row}.id AND e.model = ${q.model})`
    : Prisma.sql`NULL::float8`;
  const fields = card
    ? Prisma.sql`c.front, c.back, NULL AS text, d.path AS deck, coalesce(c.source_path, n.path) AS path`
    : Prisma.sql`NULL AS front, NULL AS back, p.text, d.path AS deck, n.path`;
  const joins = card
    ? Prisma.sql`cards c JOIN decks d ON d.id = c.deck_id LEFT JOIN notes n ON n.id = c.note_id`
    : Prisma.sql`passages p JOIN notes n ON n.id = p.note_id JOIN decks d ON d.id = n.deck_id`;
  return {
    ctes: Prisma.sql`
      ${name("size")} AS (
        -- The planner's row estimate when the table was analysed, else a (capped) count.
        SELECT greatest(1, CASE WHEN reltuples > 0 THEN reltuples ELSE (SELECT count(*) FROM (SELECT 1 FROM ${table} LIMIT 100000) x) END) AS n
        FROM pg_class WHERE oid = ${card ? "cards" : "passages"}::regclass
      ),
      ${name("terms")} AS (
        SELECT t.tq, ln(1 + (SELECT n FROM ${name("size")}) / (0.5 + (SELECT count(*) FROM (SELECT 1 FROM ${table} x WHERE x.search_text @@ t.tq LIMIT ${DF_CAP}) m))) AS idf
        FROM terms t
      ),
      ${name("semantic")} AS (${semantic}),
      ${name("keyword")} AS (${keyword}),
      ${name("candidates")} AS (
        SELECT id, similarity FROM ${name("semantic")}
        UNION ALL
        SELECT id, NULL FROM ${name("keyword")} WHERE id NOT IN (SELECT id FROM ${name("semantic")})
      )`,
    select: Prisma.sql`
      SELECT ${type}::text AS type, ${row}.id, ${fields}, ${row}.start_line AS "startLine", ${row}.end_line AS "endLine",
             coalesce(candidates.similarity, ${storedSimilarity}) AS similarity,
             ${q.keywordK > 0 ? coverage(Prisma.sql`${row}.search_text`) : Prisma.sql`0`}::float8 AS coverage,
             (${row}.search_text @@ ${allWords}) AS "allWords",
             -- Normalised by the number of distinct words: among equal scores, focused hits first.
             ts_rank_cd(${row}.search_text, ${anyWord}, 8)::float8 AS density
      FROM ${name("candidates")} candidates JOIN ${joins} ON ${row}.id = candidates.id`,
  };
}

/** Every candidate of the requested types, in one statement (one round trip, one parse of the vector). */
function candidatesStatement(q: CandidateQuery, parts: { type: ResultType; filter: Prisma.Sql }[]): Prisma.Sql {
  const sql = parts.map((part) => candidatesSql(part.type, q, part.filter));
  return Prisma.sql`
    WITH query AS (
      SELECT ${q.vector ? vectorSql(q.vector) : Prisma.sql`NULL::vector`} AS v,
             websearch_to_tsquery('english', ${q.query}) AS all_words,
             websearch_to_tsquery('english', ${q.words.include.join(" or ")}) AS any_word,
             websearch_to_tsquery('english', ${q.words.exclude.join(" or ")}) AS excluded
    ),
    -- One tsquery per distinct word (stop words give none); "max_tokens" is one phrase term.
    terms AS (
      SELECT DISTINCT ON (tq::text) tq FROM (SELECT websearch_to_tsquery('english', word) AS tq FROM unnest(${q.words.include}::text[]) AS word) w
      WHERE numnode(tq) > 0
    ),
    ${Prisma.join(sql.map((part) => part.ctes), ",")}
    ${Prisma.join(sql.map((part) => part.select), " UNION ALL ")}`;
}

// Marks unlikely to occur in notes; anything between them is a matched word.
const MARK_START = "⟦";
const MARK_END = "⟧";
const HEADLINE_OPTIONS = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;

/** The words PostgreSQL's stemmer matched in each hit (so "embeddings" highlights for "embedding"). */
async function matchedWords(prisma: PrismaClient, words: QueryWords, hits: { type: ResultType; id: string }[]): Promise<Map<string, string[]>> {
  const ids = (type: ResultType) => hits.filter((hit) => hit.type === type).map((hit) => hit.id);
  const rows = await prisma.$queryRaw<{ id: string; marked: string }[]>`
    WITH query AS (SELECT websearch_to_tsquery('english', ${words.include.join(" or ")}) AS any_word)
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
 * keyword: PostgreSQL full text (websearch syntax), whole-query matches first, then by rarity-weighted share
 * of the query words present; hybrid (default):
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
  const words = queryWords(query);
  const q: CandidateQuery = {
    vector,
    query,
    words,
    model: embedder.model,
    semanticK: options.mode === "semantic" ? options.limit : vector ? k : 0,
    keywordK: options.mode === "semantic" ? 0 : options.mode === "keyword" ? options.limit : k,
  };
  const parts = [
    ...(types.has("card") ? [{ type: "card" as const, filter: cardFilterSql({ deckIds: decks, tag: options.tag, kind: options.kind, status: options.status ?? "active" }) }] : []),
    ...(types.has("passage") ? [{ type: "passage" as const, filter: passageFilterSql({ deckIds: decks }) }] : []),
  ];
  const candidates = await withVectorSearch(prisma, (tx) => tx.$queryRaw<CandidateRow[]>`${candidatesStatement(q, parts)}`);

  const ranked = rankCandidates(candidates, options.mode)
    .filter(({ candidate }) => options.mode !== "keyword" || candidate.coverage > 0 || candidate.allWords)
    .slice(0, options.limit);
  const highlights = ranked.length > 0 ? await matchedWords(prisma, words, ranked.map(({ candidate }) => candidate)) : new Map();
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
