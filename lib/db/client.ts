import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { openEmbeddedDriver, openServerDriver, type DatabaseMode, type SqlDriver } from "./driver";
import { migrate, type MigrationState } from "./migrate";
import { defaultDataDir } from "../config";

export type { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  /** Raw access for migrations and health checks; app code uses `prisma` ($queryRaw for vectors). */
  driver: SqlDriver;
  mode: DatabaseMode;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL of a server with pgvector; unset → embedded PGlite. */
  url?: string;
  /** Embedded data directory (default RECALL_DATA_DIR or ./.data). */
  dataDir?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/** The one place that decides which backend Recall talks to; everything above it is the same. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? (process.env.DATABASE_URL || undefined);
  const driver = url ? await openServerDriver(url) : await openEmbeddedDriver(options.dataDir ?? defaultDataDir());
  try {
    if (options.migrate !== false) await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  const adapter = driver.mode === "server" ? new PrismaPg(driver.pool) : new PrismaPGlite(driver.pglite);
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    driver,
    mode: driver.mode,
    async close() {
      await prisma.$disconnect();
      await driver.close();
    },
  };
}

export type { MigrationState };
