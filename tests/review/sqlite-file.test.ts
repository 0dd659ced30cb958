import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqliteDatabase } from "@/lib/review/sqlite-file";

const hasPython = spawnSync("python3", ["-c", "import sqlite3"]).status === 0;

/** Runs SQL through Python's SQLite (an independent reader) on the file; rows as JSON. */
function query(file: string, sql: string): unknown[][] {
  const run = spawnSync("python3", ["-c", "import json,sqlite3,sys; print(json.dumps(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()))", file, sql], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe.skipIf(!hasPython)("sqliteDatabase (read back by Python's sqlite3)", () => {
  it("writes multi-level b-trees, overflow pages and every value type", () => {
    const long = "λ".repeat(30_000) + "end";
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      i * 3 + 1,
      `row ${i}`,
      i % 2 ? i * 1.5 : null,
      i === 777 ? long : "x".repeat(i % 50),
      BigInt(i) * 10_000_000_000n - 5n,
    ]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "recall-sqlite-")), "t.db");
    fs.writeFileSync(
      file,
      sqliteDatabase([
        { name: "t", sql: "CREATE TABLE t (id integer primary key, name text, score real, body text, big integer)", rowidColumn: 0, rows },
        { name: "empty", sql: "CREATE TABLE empty (a text)", rows: [] },
        { name: "plain", sql: "CREATE TABLE plain (a text, b blob)", rows: [["a", new Uint8Array([0, 1, 255])], ["b", null]] },
      ]),
    );
    expect(query(file, "pragma integrity_check")).toEqual([["ok"]]);
    expect(query(file, "select count(*), sum(id), max(big) from t")).toEqual([[20_000, rows.reduce((s, r) => s + (r[0] as number), 0), 199_990_000_000_000 - 5]]);
    expect(query(file, "select name, score, length(body), substr(body, -3) from t where id = 2332")).toEqual([["row 777", 1165.5, 30_003, "end"]]);
    expect(query(file, "select id, name from t where id = 59998")).toEqual([[59_998, "row 19999"]]);
    expect(query(file, "select count(*) from empty")).toEqual([[0]]);
    expect(query(file, "select a, hex(b), b is null from plain order by rowid")).toEqual([["a", "0001FF", 0], ["b", "", 1]]);
  });
});
