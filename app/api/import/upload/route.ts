import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { sharedJobQueue } from "@/lib/jobs";
import { sharedEmbedder } from "@/lib/search";
import { queueEmbeddingAfterImport, importFromNotesRoot, saveUploadedNotes, UploadError } from "@/lib/importer";

export const dynamic = "force-dynamic";

const MAX_FILES = 100;

/** Uploaded .md files are stored as new notes under <notes root>/uploads, then imported. */
export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const files = form?.getAll("files").filter((entry): entry is File => typeof entry !== "string") ?? [];
  if (files.length === 0) return NextResponse.json({ error: "no files: send multipart form data with one or more `files` fields" }, { status: 400 });
  if (files.length > MAX_FILES) return NextResponse.json({ error: `at most ${MAX_FILES} files per upload` }, { status: 413 });
  let paths: string[];
  try {
    paths = saveUploadedNotes(await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }))));
  } catch (error) {
    if (error instanceof UploadError) return NextResponse.json({ error: error.message }, { status: 400 });
    throw error;
  }
  const db = await getDatabase();
  const result = await importFromNotesRoot(db.prisma, paths);
  const embedding = await queueEmbeddingAfterImport(db, await sharedJobQueue(), sharedEmbedder().model, result);
  const { importId, summary, errors, warnings, files: reports } = result;
  return NextResponse.json({ importId, summary, errors, warnings, files: reports, embedding });
}
