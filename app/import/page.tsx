import { notesRoot } from "@/lib/config";
import { getDatabase } from "@/lib/db";
import { recentImports } from "@/lib/importer";
import { sharedEmbedder } from "@/lib/search";
import { ImportForm } from "./import-form";
import { RecentImports } from "./recent-imports";

export const metadata = { title: "Import" };
// The notes folder is the server's RECALL_NOTES_DIR at run time, not at build time.
export const dynamic = "force-dynamic";

export default async function ImportPage() {
  const notesDir = notesRoot();
  const db = await getDatabase();
  const imports = await recentImports(db.prisma, sharedEmbedder().model);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Import notes</h1>
      <p className="max-w-2xl text-sm text-stone-600">
        Recall reads the Markdown files in <code>{notesDir}</code> and never writes to them. Importing again is safe:
        unchanged files are skipped, edited cards keep their review history, and cards whose text disappeared are retired, not deleted.
      </p>
      <ImportForm notesDir={notesDir} />
      <RecentImports imports={imports} />
    </div>
  );
}
