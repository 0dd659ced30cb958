import type { Command } from "commander";
import { notesRoot } from "../../lib/config";

/** Run by `npm start` before serving: an empty collection gets the notes folder imported, so the demo has cards. */
export function registerFirstStart(program: Command): void {
  program
    .command("first-start", { hidden: true })
    .description("import the notes folder into an empty collection (used by npm start)")
    .action(async () => {
      const { openDatabase } = await import("../../lib/db");
      const { importNotes, queueEmbeddingAfterImport } = await import("../../lib/importer");
      const { embedderFromEnv } = await import("../../lib/embeddings");
      const { openJobQueue } = await import("../../lib/jobs");
      const db = await openDatabase();
      try {
        if ((await db.prisma.note.count()) > 0) return;
        const root = notesRoot();
        const result = await importNotes(db.prisma, [root], { root, confine: true });
        console.log(`Recall: imported ${result.files.length} notes from ${root}: ${result.summary.added} cards.`);
        for (const error of result.errors) console.log(`  ${error.path}${error.line ? `:${error.line}` : ""}: ${error.message}`);
        // The server's worker embeds them (on PGlite it finds them at its start): serving need not wait for the model.
        const jobs = await openJobQueue(db);
        try {
          const { queued } = await queueEmbeddingAfterImport(db, jobs, embedderFromEnv().model, result);
          if (queued) console.log("Recall: embedding them in the background; search by meaning finds them in a minute or so.");
        } finally {
          await jobs.close();
        }
      } finally {
        await db.close();
      }
    });
}
