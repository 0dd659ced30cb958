import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { embedderFromEnv } from "@/lib/embeddings";
import { quizQuestions } from "@/lib/grading";

export const dynamic = "force-dynamic";

const quizRequest = z.object({
  deck: z.string().trim().max(500).optional(),
  tag: z.string().trim().max(200).optional(),
  query: z.string().max(1000).optional(),
  count: z.coerce.number().int().min(1).max(50).default(5),
});

export async function GET(request: Request) {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = quizRequest.safeParse(params);
  if (!parsed.success) return NextResponse.json({ error: `invalid quiz request: ${z.prettifyError(parsed.error)}` }, { status: 400 });
  const db = await getDatabase();
  try {
    return NextResponse.json({ questions: await quizQuestions(db.prisma, embedderFromEnv(), parsed.data) });
  } catch (error) {
    return NextResponse.json({ error: (error as Error).message }, { status: 400 });
  }
}
