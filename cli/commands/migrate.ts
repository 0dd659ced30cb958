import type { Command } from "commander";
import { migrate, openDatabase } from "../../lib/db";
import { emit, fail } from "../output";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations (npm start also does this)")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const db = await openDatabase({ migrate: false });
        try {
          const state = await migrate(db.driver);
          emit({ location: db.driver.location, ...state }, options, (s) =>
            `${s.location}: ${s.applied.length} migration(s) applied, ${s.pending.length} pending`,
          );
        } finally {
          await db.close();
        }
      } catch (error) {
        fail(error, options);
      }
    });
}
