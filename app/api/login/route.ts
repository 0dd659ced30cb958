import { NextResponse } from "next/server";
import { z } from "zod";
import { createSessionToken, passwordMatches, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth";

export const dynamic = "force-dynamic";

const loginForm = z.object({ password: z.string().max(1000), next: z.string().max(2000).optional() });

/**
 * A 303 to a path on this site. The Location stays relative: behind a proxy or on a LAN address,
 * the server's idea of its own URL (often "localhost") is not the address the browser used.
 */
function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path } });
}

/** Only same-site paths: a login link cannot send the user elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export async function POST(request: Request) {
  const password = process.env.RECALL_PASSWORD;
  const form = loginForm.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!password) return seeOther("/");
  if (!form.success || !passwordMatches(form.data.password, password)) {
    const back = new URLSearchParams({ error: "1" });
    if (form.success && form.data.next) back.set("next", safeNext(form.data.next));
    return seeOther(`/login?${back}`);
  }
  const response = seeOther(safeNext(form.data.next));
  response.cookies.set(SESSION_COOKIE, createSessionToken(password), {
    httpOnly: true,
    sameSite: "strict",
    secure: request.headers.get("x-forwarded-proto") === "https" || new URL(request.url).protocol === "https:",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return response;
}
