import crypto from "node:crypto";

/**
 * Password access for a Recall listening beyond loopback (RECALL_PASSWORD). Sessions are stateless:
 * the cookie holds its issue time and an HMAC keyed by the password, so changing the password
 * logs everyone out and no session table is needed across app instances.
 */

export const SESSION_COOKIE = "recall_session";
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

function sessionKey(password: string): Buffer {
  return crypto.createHash("sha256").update(`recall-session-key\u0000${password}`).digest();
}

function mac(password: string, issuedAt: string): string {
  return crypto.createHmac("sha256", sessionKey(password)).update(issuedAt).digest("base64url");
}

export function passwordMatches(given: string, password: string): boolean {
  // Hash both so the comparison is constant-time whatever their lengths.
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(password).digest();
  return crypto.timingSafeEqual(a, b);
}

export function createSessionToken(password: string, now = Date.now()): string {
  const issuedAt = String(Math.floor(now / 1000));
  return `${issuedAt}.${mac(password, issuedAt)}`;
}

export function sessionTokenValid(token: string | undefined, password: string, now = Date.now()): boolean {
  if (!token) return false;
  const [issuedAt, signature] = token.split(".");
  if (!issuedAt || !signature || !/^\d+$/.test(issuedAt)) return false;
  const age = now / 1000 - Number(issuedAt);
  if (age < -60 || age > SESSION_MAX_AGE_SECONDS) return false;
  const expected = Buffer.from(mac(password, issuedAt));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/**
 * Cross-site request forgery guard for state-changing requests: the browser's Origin (or, failing
 * that, Sec-Fetch-Site) must say the request comes from this site. The SameSite=Strict cookie is
 * the first line; this is the second.
 */
export function sameOrigin(headers: Headers, host: string | null): boolean {
  const origin = headers.get("origin");
  if (origin) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
