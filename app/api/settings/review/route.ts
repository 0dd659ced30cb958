import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { saveReviewSettings } from "@/lib/review";
import { settingsLevels } from "@/app/settings/settings-data";
import { errorResponse, parseBody } from "../../review/http";

export const dynamic = "force-dynamic";

/** GET /api/settings/review: global and per-deck overrides with the effective settings. */
export async function GET() {
  try {
    const db = await getDatabase();
    return NextResponse.json({ levels: await settingsLevels(db.prisma) });
  } catch (error) {
    return errorResponse(error);
  }
}

const saveRequest = z.object({
  /** Deck path, or absent for the collection-wide settings. */
  deck: z.string().min(1).max(500).optional(),
  /** The complete set of overrides for that level (fields left out inherit); checked by lib/review. */
  overrides: z.record(z.string(), z.unknown()),
});

/** PUT /api/settings/review {deck?, overrides}: replaces one level's overrides. */
export async function PUT(request: Request) {
  const body = await parseBody(request, saveRequest);
  if (!body.ok) return body.response;
  try {
    const db = await getDatabase();
    await saveReviewSettings(db.prisma, body.data.overrides, body.data.deck);
    return NextResponse.json({ levels: await settingsLevels(db.prisma) });
  } catch (error) {
    return errorResponse(error);
  }
}
