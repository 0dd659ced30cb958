import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, sameOrigin, sessionTokenValid } from "./lib/auth";

const PUBLIC_PATHS = new Set(["/login", "/api/login"]);

/** With RECALL_PASSWORD set, every page and API needs a session; mutations must come from this site. */
export function proxy(request: NextRequest) {
  const password = process.env.RECALL_PASSWORD;
  if (!password) return NextResponse.next();
  const { pathname } = request.nextUrl;
  const mutation = !["GET", "HEAD", "OPTIONS"].includes(request.method);
  if (mutation && !sameOrigin(request.headers, request.headers.get("host"))) {
    return NextResponse.json({ error: "cross-site request refused" }, { status: 403 });
  }
  if (PUBLIC_PATHS.has(pathname)) return NextResponse.next();
  if (sessionTokenValid(request.cookies.get(SESSION_COOKIE)?.value, password)) return NextResponse.next();
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "login required" }, { status: 401 });
  const login = new URL("/login", request.url);
  login.searchParams.set("next", pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
