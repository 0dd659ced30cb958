import { afterAll, beforeAll, expect, it } from "vitest";
import { vectorSql } from "../../lib/search/vector-sql";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";

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
