import { NextResponse } from "next/server";
import { z } from "zod";
import { createSessionToken, passwordMatches, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth";

export const dynamic = "force-dynamic";

const loginForm = z.object({ password: z.string().max(1000), next: z.string().max(2000).optional() });

/** Only same-site paths: a login link cannot send the user elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export async function POST(request: Request) {
  const password = process.env.RECALL_PASSWORD;
  const form = loginForm.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!password) return NextResponse.redirect(new URL("/", request.url), 303);
  if (!form.success || !passwordMatches(form.data.password, password)) {
    const back = new URL("/login", request.url);
    back.searchParams.set("error", "1");
    if (form.success && form.data.next) back.searchParams.set("next", safeNext(form.data.next));
    return NextResponse.redirect(back, 303);
  }
  const response = NextResponse.redirect(new URL(safeNext(form.data.next), request.url), 303);
  response.cookies.set(SESSION_COOKIE, createSessionToken(password), {
    httpOnly: true,
    sameSite: "strict",
    secure: new URL(request.url).protocol === "https:",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return response;
}
