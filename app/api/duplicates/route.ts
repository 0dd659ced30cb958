import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { sharedJobQueue } from "@/lib/jobs";
import { dismissDuplicates, keepDuplicate, SearchInputError, suspendCards, UnknownCardsError } from "@/lib/search";
import { jsonBody } from "../review/http";

export const dynamic = "force-dynamic";

const Id = z.string().min(1).max(100);
const DuplicateAction = z.discriminatedUnion("action", [
  /** Keep one card, retire the others into it (their review logs stay in its history). */
  z.object({ action: z.literal("keep"), keepId: Id, retireIds: z.array(Id).min(1).max(200) }),
  /** These cards are not duplicates: never cluster them together again. */
  z.object({ action: z.literal("dismiss"), ids: z.array(Id).min(2).max(200) }),
  z.object({ action: z.literal("suspend"), ids: z.array(Id).min(1).max(200) }),
  /** Scan again (a background job); the Duplicates page shows the result when it is done. */
  z.object({ action: z.literal("rescan"), threshold: z.number().min(0.5).max(1) }),
]);

/** POST /api/duplicates {action: "keep"|"dismiss"|"suspend"|"rescan", ...} → what changed (or {queued}), or {error} (404 with the ids when cards do not exist). */
export async function POST(request: Request) {
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  const parsed = DuplicateAction.safeParse(body.value);
  if (!parsed.success) return NextResponse.json({ error: `invalid duplicates action: ${z.prettifyError(parsed.error)}` }, { status: 400 });
  const { prisma } = await getDatabase();
  const action = parsed.data;
  try {
    if (action.action === "keep") return NextResponse.json(await keepDuplicate(prisma, action.keepId, action.retireIds));
    if (action.action === "rescan") {
      const queued = await (await sharedJobQueue()).enqueue("duplicate-scan", { threshold: action.threshold });
      return NextResponse.json({ queued }, { status: 202 });
    }
    if (action.action === "dismiss") return NextResponse.json(await dismissDuplicates(prisma, action.ids));
    return NextResponse.json(await suspendCards(prisma, action.ids));
  } catch (error) {
    if (error instanceof UnknownCardsError) return NextResponse.json({ error: error.message, ids: error.ids }, { status: 404 });
    if (error instanceof SearchInputError) return NextResponse.json({ error: error.message }, { status: 400 });
    throw error;
  }
}
