#!/usr/bin/env -S npx tsx
import { Command } from "commander";
import { registerDoctor } from "./commands/doctor";
import { registerMigrate } from "./commands/migrate";
import { registerFirstStart } from "./commands/first-start";
import { registerReview } from "./commands/review";
import { registerBackup } from "./commands/backup";
import { registerImport, registerImports } from "./commands/import";
import { registerGrade } from "./commands/grade";
import { registerSearch } from "./commands/search";
import { registerDuplicates } from "./commands/duplicates";
import { registerWorker } from "./commands/worker";

const program = new Command()
  .name("cards")
  .description("Recall: Markdown notes → flashcards, FSRS review, search by meaning, graded answers.\nEvery command takes --json for machine-readable output.")
  .showHelpAfterError();

registerDoctor(program);
registerMigrate(program);
registerImport(program);
registerImports(program);
registerGrade(program);
registerSearch(program);
registerDuplicates(program);
registerWorker(program);
registerFirstStart(program);
registerReview(program);
registerBackup(program);

await program.parseAsync(process.argv);
