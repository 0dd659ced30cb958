import { openDatabase, type Database } from "./client";

// Next.js may load this module in several bundles of one process; PGlite must be opened once
// per process, so the instance lives on globalThis.
const globalKey = Symbol.for("recall.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Database> };

/** The process-wide database, opened (and migrated) on first use. */
export function getDatabase(): Promise<Database> {
  const holder = globalThis as GlobalWithDb;
  if (!holder[globalKey]) {
    holder[globalKey] = openDatabase().catch((error) => {
      delete holder[globalKey];
      throw error;
    });
  }
  return holder[globalKey];
}
