import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { databaseHealth, DatabaseSetupError, loadMigrations, migrate, openDatabase } from "../../lib/db";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";

function unitVector(seed: number): number[] {
  const v = Array.from({ length: 384 }, (_, i) => Math.sin(seed * 31.7 + i * 0.37) + (i % 7 === seed % 7 ? 1 : 0));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const toVector = (v: number[]) => `[${v.join(",")}]`;

describeEachDatabase("database", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("applies the migrations on an empty database and records them as prisma migrate deploy does", async () => {
    const local = loadMigrations();
    const rows = await db.driver.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = path.join("prisma/migrations", row.migration_name, "migration.sql");
      expect(row.checksum).toBe(crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(local[i].checksum).toBe(row.checksum);
    }
  });

  it("is idempotent: migrating again applies nothing", async () => {
    const state = await migrate(db.driver);
    expect(state.pending).toEqual([]);
    expect(state.upToDate).toBe(true);
    const [{ count }] = await db.driver.query<{ count: number }>(`SELECT count(*)::int AS count FROM "_prisma_migrations"`);
    expect(count).toBe(loadMigrations().length);
  });

  it("creates the HNSW and full-text indexes", async () => {
    const indexes = await db.driver.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const def = (name: string) => indexes.find((i) => i.indexname === name)?.indexdef ?? "";
    expect(def("card_embeddings_embedding_idx")).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    expect(def("passage_embeddings_embedding_idx")).toMatch(/USING hnsw/);
    expect(def("cards_search_text_idx")).toMatch(/USING gin \(search_text\)/);
  });

  it("stores a vector and finds it by cosine distance through the HNSW index", async () => {
    const deck = await db.prisma.deck.create({ data: { path: "vectors", name: "vectors" } });
    const ids: string[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const card = await db.prisma.card.create({
        data: { deckId: deck.id, front: `front ${seed}`, back: `back ${seed}`, contentHash: `h${seed}` },
      });
      ids.push(card.id);
      const vector = toVector(unitVector(seed));
      await db.prisma.$executeRaw`INSERT INTO card_embeddings (card_id, model, text_hash, embedding)
        VALUES (${card.id}, 'test-model', ${`h${seed}`}, ${vector}::vector)`;
    }
    const query = toVector(unitVector(7));
    const [plan, found] = await db.prisma.$transaction(async (tx) => {
      // Tiny tables get a sequential scan; force the planner to show the index is usable.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const explain = await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN SELECT card_id FROM card_embeddings
        ORDER BY embedding <=> ${query}::vector LIMIT 3`;
      const rows = await tx.$queryRaw<{ card_id: string; distance: number }[]>`SELECT card_id, embedding <=> ${query}::vector AS distance
        FROM card_embeddings ORDER BY embedding <=> ${query}::vector LIMIT 3`;
      return [explain.map((r) => r["QUERY PLAN"]).join("\n"), rows];
    });
    expect(plan).toMatch(/card_embeddings_embedding_idx/);
    expect(found[0].card_id).toBe(ids[7]);
    expect(found[0].distance).toBeLessThan(1e-6);
  });

  it("reports its true state in health", async () => {
    const health = await databaseHealth(db);
    expect(health.mode).toBe(backend.name === "pglite" ? "embedded" : "server");
    expect(health.ok).toBe(true);
    expect(health.pgvectorVersion).toMatch(/^0\.8\./);
    expect(health.postgresVersion).toMatch(/^\d+/);
    expect(health.migrations.upToDate).toBe(true);
    if (backend.name === "postgres") expect(health.location).not.toMatch(/:[^:@/]+@/);
  });

  it("refuses a database made by a newer Recall and changes nothing", async () => {
    await db.driver.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ('future', 'x', now(), '29990101000000_future', 1)`,
    );
    await expect(migrate(db.driver)).rejects.toThrow(/newer version/);
    const health = await databaseHealth(db);
    expect(health.ok).toBe(false);
    expect(health.migrations.unknown).toEqual(["29990101000000_future"]);
    await db.driver.query(`DELETE FROM "_prisma_migrations" WHERE id = 'future'`);
  });
});

it("explains an unreachable DATABASE_URL without showing its password", async () => {
  const error = await openDatabase({ url: "postgres://me:hunter22@127.0.0.1:1/recall" }).catch((e) => e);
  expect(error).toBeInstanceOf(DatabaseSetupError);
  expect(error.message).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  expect(error.message).not.toContain("hunter22");
});
