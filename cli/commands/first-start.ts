import type { Command } from "commander";
import { notesRoot } from "../../lib/config";

/** Run by `npm start` before serving: an empty collection gets the notes folder imported, so the demo has cards. */
export function registerFirstStart(program: Command): void {
  program
    .command("first-start", { hidden: true })
    .description("import the notes folder into an empty collection (used by npm start)")
    .action(async () => {
      const { openDatabase } = await import("../../lib/db");
      const { importNotes, embedAfterImport } = await import("../../lib/importer");
      const { embedderFromEnv } = await import("../../lib/embeddings");
      const db = await openDatabase();
      try {
        if ((await db.prisma.note.count()) > 0) return;
        const root = notesRoot();
        const result = await importNotes(db.prisma, [root], { root, confine: true });
        console.log(`Recall: imported ${result.files.length} notes from ${root}: ${result.summary.added} cards.`);
        for (const error of result.errors) console.log(`  ${error.path}${error.line ? `:${error.line}` : ""}: ${error.message}`);
        const embedding = await embedAfterImport(db.prisma, embedderFromEnv(), result);
        if (embedding.embeddingError) console.log(`Recall: cards not embedded yet (${embedding.embeddingError}); search by meaning starts working after the next import.`);
      } finally {
        await db.close();
      }
    });
}
