import { afterAll, beforeAll, expect, it } from "vitest";
import { HNSW_EF_SEARCH, vectorSql, withVectorSearch } from "../../lib/search/vector-sql";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";

// From the first connection this file opens.
const warnings: string[] = [];
process.on("warning", (warning) => warnings.push(warning.message));

describeEachDatabase("vector literals", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(() => db?.destroy());

  it("carry every float32 exactly, tiny, huge, subnormal, negative and zero components included", async () => {
    const vector = Float32Array.from([0, -0.5, 1, -1, 1e-7, -3.4e-9, 0.1, 1 / 3, -0.0123456789, 123.456, 2 ** -126, 1e-40, -3.4e38, 0.000001]);
    const [row] = await db.prisma.$queryRaw<{ v: number[] }[]>`SELECT ${vectorSql(vector)}::real[] AS v`;
    expect(Float32Array.from(row.v)).toEqual(vector);
  });

  it("let pgvector refuse NaN and infinite components", async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      await expect(db.prisma.$queryRaw`SELECT ${vectorSql([0.5, bad])}::real[]`).rejects.toThrow(/NaN|infinite/i);
    }
  });
});

describeEachDatabase("HNSW settings", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(() => db?.destroy());

  const settings = (client: Pick<TestDatabase["prisma"], "$queryRaw">) =>
    client.$queryRaw<{ ef: string; iterative: string; pid: number }[]>`
      SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS iterative, pg_backend_pid() AS pid, pg_sleep(0.05)::text`;

  it("every connection searches with ef_search HNSW_EF_SEARCH and iterative scans, with no transaction around the query", async () => {
    const rows = (await Promise.all(Array.from({ length: 6 }, () => settings(db.prisma)))).flat();
    await new Promise((resolve) => setImmediate(resolve));
    // The settings are applied before a new connection takes its first query, not raced with it
    // (node-postgres warns once per process about a query sent while another runs).
    expect(warnings.filter((message) => /already executing a query/.test(message))).toEqual([]);
    expect(new Set(rows.map((row) => `${row.ef} ${row.iterative}`))).toEqual(new Set([`${HNSW_EF_SEARCH} relaxed_order`]));
    // The pool opened several connections for the overlapping queries, and each got the settings.
    if (backend.name === "postgres") expect(new Set(rows.map((row) => row.pid)).size).toBeGreaterThan(1);
  });

  it("another ef_search is scoped to its own transaction", async () => {
    const [inside] = await withVectorSearch(db.prisma, (client) => settings(client), 20);
    expect(inside).toMatchObject({ ef: "20", iterative: "relaxed_order" });
    const [after] = await settings(db.prisma);
    expect(after.ef).toBe(String(HNSW_EF_SEARCH));
  });

  it("the indexes are built with ef_construction 128", async () => {
    const rows = await db.prisma.$queryRaw<{ name: string; options: string[] }[]>`
      SELECT relname AS name, reloptions AS options FROM pg_class WHERE relname IN ('card_embeddings_embedding_idx', 'passage_embeddings_embedding_idx') ORDER BY relname`;
    expect(rows).toEqual([
      { name: "card_embeddings_embedding_idx", options: ["m=16", "ef_construction=128"] },
      { name: "passage_embeddings_embedding_idx", options: ["m=16", "ef_construction=128"] },
    ]);
  });
});
