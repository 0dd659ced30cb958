import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { sharedJobQueue } from "@/lib/jobs";
import { sharedEmbedder } from "@/lib/search";
import { queueEmbeddingAfterImport, importFromNotesRoot } from "@/lib/importer";
import { jsonBody } from "../review/http";

export const dynamic = "force-dynamic";

const importRequest = z.object({
  paths: z.array(z.string().min(1).max(4096)).max(1000).default([]),
});

export async function POST(request: Request) {
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  const parsed = importRequest.safeParse(body.value);
  if (!parsed.success) {
    return NextResponse.json({ error: `invalid import request: ${z.prettifyError(parsed.error)}` }, { status: 400 });
  }
  const db = await getDatabase();
  const result = await importFromNotesRoot(db.prisma, parsed.data.paths);
  const embedding = await queueEmbeddingAfterImport(db, await sharedJobQueue(), sharedEmbedder().model, result);
  const { importId, summary, errors, warnings, files } = result;
  return NextResponse.json({ importId, summary, errors, warnings, files, embedding });
}
