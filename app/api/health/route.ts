import { NextResponse } from "next/server";
import { appStatus } from "@/lib/status";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const status = await appStatus();
    return NextResponse.json(status, { status: status.database.ok ? 200 : 503 });
  } catch (error) {
    return NextResponse.json({ ok: false, error: (error as Error).message }, { status: 503 });
  }
}
