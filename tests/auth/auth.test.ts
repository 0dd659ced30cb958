import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createSessionToken, passwordMatches, sameOrigin, sessionTokenValid, SESSION_MAX_AGE_SECONDS } from "../../lib/auth";

describe("sessions", () => {
  it("accepts its own token and refuses forged, expired or other-password tokens", () => {
    const now = Date.UTC(2026, 10, 25);
    const token = createSessionToken("s3cret", now);
    expect(sessionTokenValid(token, "s3cret", now + 1000)).toBe(true);
    expect(sessionTokenValid(token, "other", now)).toBe(false);
    expect(sessionTokenValid(token.replace(/.$/, (c) => (c === "A" ? "B" : "A")), "s3cret", now)).toBe(false);
    expect(sessionTokenValid(token, "s3cret", now + (SESSION_MAX_AGE_SECONDS + 1) * 1000)).toBe(false);
    expect(sessionTokenValid(undefined, "s3cret", now)).toBe(false);
    expect(sessionTokenValid("garbage", "s3cret", now)).toBe(false);
  });

  it("compares passwords exactly", () => {
    expect(passwordMatches("s3cret", "s3cret")).toBe(true);
    expect(passwordMatches("s3cret ", "s3cret")).toBe(false);
    expect(passwordMatches("", "s3cret")).toBe(false);
  });

  it("tells same-site requests from cross-site ones", () => {
    expect(sameOrigin(new Headers({ origin: "http://10.0.0.5:3000" }), "10.0.0.5:3000")).toBe(true);
    expect(sameOrigin(new Headers({ origin: "http://evil.example" }), "10.0.0.5:3000")).toBe(false);
    expect(sameOrigin(new Headers({ "sec-fetch-site": "cross-site" }), "10.0.0.5:3000")).toBe(false);
    expect(sameOrigin(new Headers({ "sec-fetch-site": "same-origin" }), "10.0.0.5:3000")).toBe(true);
  });
});

describe("npm start", () => {
  it("refuses to listen beyond loopback without RECALL_PASSWORD, and says how to set it", () => {
    const env = { ...process.env, HOST: "0.0.0.0", PORT: "3999", RECALL_PASSWORD: undefined } as NodeJS.ProcessEnv;
    const run = spawnSync(process.execPath, ["scripts/start.mjs"], { env, encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/RECALL_PASSWORD='a long secret' HOST=0\.0\.0\.0 npm start/);
  });
});
