import { NextResponse } from "next/server";
import { z } from "zod";
import { NotEnoughReviewsError, ReviewError } from "@/lib/review";

/** No API request needs more than a few KB; bigger bodies are refused before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

function bodyTooLarge(): NextResponse {
  return NextResponse.json({ error: `Request body too large: the limit is ${MAX_BODY_BYTES / 1024 / 1024} MB.` }, { status: 413 });
}

/**
 * The request's JSON body, read at most MAX_BODY_BYTES far (413 beyond); `value` is undefined when the
 * body is missing or not JSON, so the route's schema reports it as a 400.
 */
export async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: NextResponse }> {
  if (Number(request.headers.get("content-length")) > MAX_BODY_BYTES) return { ok: false, response: bodyTooLarge() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = request.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
      size += read.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader!.cancel();
        return { ok: false, response: bodyTooLarge() };
      }
      chunks.push(read.value);
    }
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: true, value: undefined };
  }
}

/** Parses a JSON body with a zod schema; a bad body is a 400 that names the field. */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<{ ok: true; data: T } | { ok: false; response: NextResponse }> {
  const body = await jsonBody(request);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
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
