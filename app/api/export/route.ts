import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { exportApkg, exportCardsCsv, exportCollectionJson } from "@/lib/review";
import { errorResponse } from "../review/http";

export const dynamic = "force-dynamic";

function streamOf(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

/** GET /api/export?format=json|csv|apkg: a download of the collection (json is the full backup). */
export async function GET(request: Request) {
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (!["json", "csv", "apkg"].includes(format)) {
    return NextResponse.json({ error: "format must be json, csv or apkg" }, { status: 400 });
  }
  try {
    const db = await getDatabase();
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === "apkg") {
      const apkg = await exportApkg(db.prisma);
      return new Response(new Uint8Array(apkg.data), {
        headers: { "content-type": "application/octet-stream", "content-disposition": `attachment; filename="recall-${stamp}.apkg"` },
      });
    }
    const lines = format === "json" ? exportCollectionJson(db.prisma) : exportCardsCsv(db.prisma);
    return new Response(streamOf(lines), {
      headers: {
        "content-type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="recall-${stamp}.${format}"`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
