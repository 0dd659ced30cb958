import { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "../db";

/**
 * A vector as a text parameter cast to `vector`: binary parameters are not passed through every
 * driver adapter (PGlite), and the text form is what pgvector parses anyway. 9 significant digits
 * round-trip a float32 exactly.
 */
export function vectorSql(vector: ArrayLike<number>): Prisma.Sql {
  return Prisma.sql`${vectorLiteral(vector)}::vector`;
}

export function vectorLiteral(vector: ArrayLike<number>): string {
  const parts = new Array<string>(vector.length);
  for (let i = 0; i < vector.length; i++) parts[i] = Number(vector[i].toPrecision(9)).toString();
  return `[${parts.join(",")}]`;
}

/**
 * HNSW candidates kept per query. On 100k embedding-like vectors (bench/search.ts, PostgreSQL) recall@10
 * against an exact scan was 0.95 at pgvector's default 40, 0.97 at 100 and 0.985 at 160, for about
 * 1.5 ms more than 40.
 */
export const HNSW_EF_SEARCH = 160;

/**
 * Runs vector queries with HNSW settings scoped to one transaction (a bare SET through a pool would
 * land on an arbitrary connection). Iterative scans (pgvector ≥ 0.8) keep walking the graph when
 * filters (model, deck, status) reject candidates, so a filtered top-k is still k rows.
 */
export function withVectorSearch<T>(
  prisma: PrismaClient,
  run: (tx: Prisma.TransactionClient) => Promise<T>,
  efSearch: number = HNSW_EF_SEARCH,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('hnsw.ef_search', ${String(efSearch)}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`;
    return run(tx);
  }, { timeout: 120_000, maxWait: 30_000 });
}
