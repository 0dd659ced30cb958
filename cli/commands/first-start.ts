import type { Command } from "commander";

/**
 * Hook run by `npm start` before serving: imports the notes folder into an empty collection
 * so a new user sees cards. Until the importer lands it has nothing to do.
 */
export function registerFirstStart(program: Command): void {
  program
    .command("first-start", { hidden: true })
    .description("prepare an empty collection on first start (used by npm start)")
    .action(async () => {});
}
