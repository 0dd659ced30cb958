import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { getStats } from "@/lib/review";
import { errorResponse } from "../review/http";

export const dynamic = "force-dynamic";

/** GET /api/stats: the numbers behind the Stats page (same as `cards stats --json`). */
export async function GET() {
  try {
    const db = await getDatabase();
    return NextResponse.json(await getStats(db.prisma));
  } catch (error) {
    return errorResponse(error);
  }
}
