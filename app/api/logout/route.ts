import { NextResponse } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth";

export async function POST() {
  // Relative Location: see the login route.
  const response = new NextResponse(null, { status: 303, headers: { location: "/login" } });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
