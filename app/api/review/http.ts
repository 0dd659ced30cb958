import { NextResponse } from "next/server";
import { z } from "zod";
import { NotEnoughReviewsError, ReviewError } from "@/lib/review";

/** Parses a JSON body with a zod schema; a bad body is a 400 that names the field. */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<{ ok: true; data: T } | { ok: false; response: NextResponse }> {
  const parsed = schema.safeParse(await request.json().catch(() => undefined));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, response: NextResponse.json({ error: `Invalid request: ${z.prettifyError(parsed.error)}` }, { status: 400 }) };
}

/** Known review problems answer with their status and message; anything else is a 500. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ReviewError) return NextResponse.json({ error: error.message, code: error.name }, { status: error.status });
  if (error instanceof NotEnoughReviewsError) {
    return NextResponse.json({ error: error.message, code: error.name, reviewsUsed: error.reviewsUsed, cardsUsed: error.cardsUsed }, { status: 422 });
  }
  console.error(error);
  return NextResponse.json({ error: (error as Error).message || "internal error" }, { status: 500 });
}

/** The optional deck filter every review route accepts (a deck path such as "interview/ml"). */
export const deckField = z.string().min(1).max(500).optional();
