import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { applyParameters, rescheduleCards } from "@/lib/review";
import { errorResponse, parseBody } from "../../review/http";

export const dynamic = "force-dynamic";

const applyRequest = z.object({
  parameters: z.array(z.number()).min(17).max(21),
  reschedule: z.boolean(),
});

/** POST /api/settings/apply-parameters {parameters, reschedule}: saves FSRS parameters, optionally rescheduling every card. */
export async function POST(request: Request) {
  const body = await parseBody(request, applyRequest);
  if (!body.ok) return body.response;
  try {
    const db = await getDatabase();
    await applyParameters(db.prisma, body.data.parameters);
    const rescheduled = body.data.reschedule ? await rescheduleCards(db.prisma) : null;
    return NextResponse.json({ applied: true, rescheduled });
  } catch (error) {
    return errorResponse(error);
  }
}
