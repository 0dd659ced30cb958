import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { findImport, UnknownImportError, type ImportRecord } from "@/lib/importer";
import { sharedJobQueue, type JobStateCounts } from "@/lib/jobs";
import { sharedEmbedder } from "@/lib/search";

export const dynamic = "force-dynamic";

const ImportId = z.uuid({ message: "an import id is a UUID, as POST /api/import answers it" });

/** What GET /api/import/:id answers: the import, and how its embed job is doing while its cards wait. */
export type ImportStatusResponse = ImportRecord & { embedJob: JobStateCounts & { workedHere: boolean } };

/**
 * GET /api/import/:id → the import's summary and, once its new cards are embedded, their near-duplicate
 * flags (`duplicates`, null until then; the Import page polls this). 404 for an unknown import.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = ImportId.safeParse((await params).id);
  if (!parsed.success) return NextResponse.json({ error: `invalid import id: ${z.prettifyError(parsed.error)}` }, { status: 400 });
  const db = await getDatabase();
  try {
    const record = await findImport(db.prisma, sharedEmbedder().model, parsed.data);
    const jobs = await sharedJobQueue();
    const { embed } = await jobs.counts();
    return NextResponse.json({ ...record, embedJob: { ...embed, workedHere: jobs.working } } satisfies ImportStatusResponse);
  } catch (error) {
    if (error instanceof UnknownImportError) return NextResponse.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
