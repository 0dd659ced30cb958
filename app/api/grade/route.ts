import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { createLocalEmbedder, embedderFromEnv } from "@/lib/embeddings";
import { CardNotFoundError, gradeCardAnswer } from "@/lib/grading";
import { jsonBody } from "../review/http";

export const dynamic = "force-dynamic";

const gradeRequest = z.object({
  cardId: z.string().min(1).max(100),
  answer: z.string().max(20_000, "answers are limited to 20,000 characters"),
  grader: z.enum(["offline", "llm", "auto"]).default("auto"),
});

/**
 * Grades a typed answer. The reply is NDJSON so the explanation can stream in:
 * {"type":"delta","text"} … {"type":"reset"} (streamed text void) … {"type":"grade", …} or {"type":"error"}.
 */
export async function POST(request: Request) {
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  const parsed = gradeRequest.safeParse(body.value);
  if (!parsed.success) return NextResponse.json({ error: `invalid grade request: ${z.prettifyError(parsed.error)}` }, { status: 400 });
  const db = await getDatabase();
  if (!(await db.prisma.card.findUnique({ where: { id: parsed.data.cardId }, select: { id: true } }))) {
    return NextResponse.json({ error: new CardNotFoundError(parsed.data.cardId).message }, { status: 404 });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: object) => controller.enqueue(encoder.encode(JSON.stringify(event) + "\n"));
      try {
        const result = await gradeCardAnswer(
          db.prisma,
          { cardId: parsed.data.cardId, answer: parsed.data.answer },
          {
            grader: parsed.data.grader,
            embedder: createLocalEmbedder(),
            searchEmbedder: embedderFromEnv(),
            onExplanationDelta: (text) => send({ type: "delta", text }),
            onExplanationReset: () => send({ type: "reset" }),
            signal: request.signal,
          },
        );
        send({ type: "grade", ...result });
      } catch (error) {
        send({ type: "error", error: (error as Error).message });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}
