import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { appDir } from "../config";
import { DatabaseSetupError, redactDatabaseUrl, scrubSecrets } from "./errors";

export type DatabaseMode = "embedded" | "server";

/**
 * HNSW candidates kept per vector query, set on every connection as it opens (with iterative scans,
 * pgvector ≥ 0.8, which keep walking the graph while filters such as model, deck or status reject
 * candidates, so a filtered top-k is still k rows). Per connection rather than per query: scoping a
 * setting to one query takes a transaction, which on PostgreSQL cost more than the query itself. On
 * 100k embedding-like vectors (bench:search) recall@10 against an exact scan is 0.99 at 100 with the
 * index's ef_construction of 128. Through a pooler, use session pooling so each connection keeps them.
 */
export const HNSW_EF_SEARCH = 100;
const VECTOR_SESSION_SETTINGS = `SET hnsw.ef_search = ${HNSW_EF_SEARCH}; SET hnsw.iterative_scan = relaxed_order`;

/** The few raw operations the migration runner and health checks need, on either backend. */
export interface SqlSession {
  /** Runs a script of several statements (no parameters). */
  exec(sql: string): Promise<void>;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlDriver extends SqlSession {
  readonly mode: DatabaseMode;
  /** Where the data lives, safe to show: the data directory or the redacted URL. */
  readonly location: string;
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface EmbeddedDriver extends SqlDriver {
  readonly mode: "embedded";
  readonly pglite: PGlite;
}

export interface ServerDriver extends SqlDriver {
  readonly mode: "server";
  readonly pool: pg.Pool;
}

const STORE_FILE = "recall-store.json";
const LOCK_FILE = "recall.lock";
const PGLITE_VERSION = readPackageVersion("@electric-sql/pglite");

function readPackageVersion(name: string): string {
  // Read from the installation, not through module resolution: Next.js bundles rewrite that.
  try {
    const file = path.join(appDir(), "node_modules", name, "package.json");
    return (JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Data directories only open under the PGlite line that made them (0.4 vs 0.5 differ). */
function pgliteLine(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * A pid file guards it; a stale lock (dead pid) is taken over.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (holder === process.pid) return () => {};
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
        throw new DatabaseSetupError(
          `The embedded database in ${dataDir} is in use by another Recall process (pid ${holder}). ` +
            `Stop it first (e.g. the running \`npm start\`), or point RECALL_DATA_DIR at another directory.`,
        );
      }
      fs.unlinkSync(lockPath);
    }
  }
  throw new DatabaseSetupError(`Could not lock the embedded database in ${dataDir}.`);
}

function checkStoreVersion(dataDir: string): void {
  const storePath = path.join(dataDir, STORE_FILE);
  const hasData = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!fs.existsSync(storePath)) {
    if (hasData) {
      throw new DatabaseSetupError(
        `${dataDir} holds a PostgreSQL data directory that Recall did not create (no ${STORE_FILE}). ` +
          `Nothing was changed. Point RECALL_DATA_DIR at an empty or Recall-made directory.`,
      );
    }
    return;
  }
  const store = JSON.parse(fs.readFileSync(storePath, "utf8")) as { pglite?: string };
  if (store.pglite && PGLITE_VERSION !== "unknown" && pgliteLine(store.pglite) !== pgliteLine(PGLITE_VERSION)) {
    throw new DatabaseSetupError(
      `The embedded database in ${dataDir} was made by PGlite ${store.pglite}; this Recall uses PGlite ` +
        `${PGLITE_VERSION}, which cannot open it. Nothing was changed. Use the Recall version that made it to ` +
        `export a backup (\`cards export --format json\`), then restore it into a new RECALL_DATA_DIR.`,
    );
  }
}

function sessionOf(run: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>, exec: (sql: string) => Promise<unknown>): SqlSession {
  return {
    async exec(sql) {
      await exec(sql);
    },
    async query<Row>(sql: string, params?: unknown[]) {
      return (await run(sql, params)).rows as Row[];
    },
  };
}

export async function openEmbeddedDriver(dataDir: string): Promise<EmbeddedDriver> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  checkStoreVersion(dir);
  const releaseLock = acquireDataDirLock(dir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir, { extensions: { vector } });
    await pglite.exec("CREATE EXTENSION IF NOT EXISTS vector");
    await pglite.exec(VECTOR_SESSION_SETTINGS);
  } catch (error) {
    releaseLock();
    throw new DatabaseSetupError(
      `The embedded database in ${dir} could not be opened (${(error as Error).message || error}). ` +
        `It may be corrupt or from another PGlite version. Nothing was changed; move the directory aside ` +
        `or set RECALL_DATA_DIR to start with a fresh one.`,
      { cause: error },
    );
  }
  const storePath = path.join(dir, STORE_FILE);
  if (!fs.existsSync(storePath)) {
    fs.writeFileSync(storePath, JSON.stringify({ pglite: PGLITE_VERSION, createdAt: new Date().toISOString() }, null, 2) + "\n");
  }
  const session = sessionOf((sql, params) => pglite.query(sql, params), (sql) => pglite.exec(sql));
  return {
    mode: "embedded",
    location: dir,
    pglite,
    ...session,
    transaction: (fn) => pglite.transaction((tx) => fn(sessionOf((sql, params) => tx.query(sql, params), (sql) => tx.exec(sql)))),
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

function serverLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}`;
  } catch {
    return "the DATABASE_URL server";
  }
}

export async function openServerDriver(url: string): Promise<ServerDriver> {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.RECALL_DB_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 10_000,
    // Awaited before the pool hands the new client out, so no query runs ahead of the settings (issuing
    // the SET from the "connect" event instead raced the first query: a deprecation warning in pg 8, an
    // error in pg 9). Custom settings are accepted before pgvector is loaded in the session and
    // validated when it is; a server whose pgvector refuses them still works, with its defaults.
    onConnect: (client) => client.query(VECTOR_SESSION_SETTINGS).then(() => undefined, () => undefined),
  });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => {});
  const secrets = [safePassword(url), url];
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = scrubSecrets((error as Error).message || String(error), secrets);
    throw new DatabaseSetupError(
      `Cannot reach PostgreSQL at ${serverLabel(url)} (DATABASE_URL=${redactDatabaseUrl(url)}): ${reason}. ` +
        `Check that the server is running and the URL, user and password are right, or unset DATABASE_URL to use the embedded database.`,
      { cause: error },
    );
  }
  const session = sessionOf((sql, params) => pool.query(sql, params as unknown[]), (sql) => pool.query(sql));
  return {
    mode: "server",
    location: redactDatabaseUrl(url),
    pool,
    ...session,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(sessionOf((sql, params) => client.query(sql, params as unknown[]), (sql) => client.query(sql)));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export { PGLITE_VERSION };
