import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { runOptimizer } from "@/lib/review";
import { errorResponse } from "../../review/http";

export const dynamic = "force-dynamic";

/** POST /api/settings/optimize: fits FSRS parameters to the review history; saves nothing. 422 when the history is too short. */
export async function POST() {
  try {
    const db = await getDatabase();
    return NextResponse.json(await runOptimizer(db.prisma));
  } catch (error) {
    return errorResponse(error);
  }
}
