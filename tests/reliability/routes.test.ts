import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../lib/db";
import { importFromNotesRoot } from "../../lib/importer";
import { freshDataDir } from "../helpers/databases";
import * as similar from "../../app/api/cards/[id]/similar/route";
import * as duplicates from "../../app/api/duplicates/route";
import * as exportRoute from "../../app/api/export/route";
import * as grade from "../../app/api/grade/route";
import * as health from "../../app/api/health/route";
import * as importRoute from "../../app/api/import/route";
import * as importStatus from "../../app/api/import/[id]/route";
import * as login from "../../app/api/login/route";
import * as quiz from "../../app/api/quiz/route";
import * as answer from "../../app/api/review/answer/route";
import * as bury from "../../app/api/review/bury/route";
import * as next from "../../app/api/review/next/route";
import * as studyMore from "../../app/api/review/study-more/route";
import * as suspend from "../../app/api/review/suspend/route";
import * as undo from "../../app/api/review/undo/route";
import * as search from "../../app/api/search/route";
import * as applyParameters from "../../app/api/settings/apply-parameters/route";
import * as optimize from "../../app/api/settings/optimize/route";
import * as reviewSettings from "../../app/api/settings/review/route";
import * as stats from "../../app/api/stats/route";

/**
 * Every route handler under app/api, called with real Requests on a real (PGlite) database: bad input
 * of every kind answers 4xx with a JSON {error} that names the problem; never a 500, never a throw.
 */

type Handler = (request: Request) => Promise<Response>;

const url = (route: string) => `http://127.0.0.1:3000${route}`;
const get = (route: string) => new Request(url(route));
const send = (route: string, body: string | undefined, method = "POST", contentType = "application/json") =>
  new Request(url(route), { method, body, headers: { "content-type": contentType } });
const sendJson = (route: string, body: unknown, method = "POST") => send(route, JSON.stringify(body), method);

/** Over any sane request: a valid-looking body padded to 12 MB. */
const HUGE_PADDING = "x".repeat(12 * 1024 * 1024);
/** One field far over its limit (each field caps at ≤ 20,000 characters). */
const LONG = "y".repeat(200_000);

interface BadInput {
  name: string;
  request: () => Request;
  status: number | number[];
  /** What the error message must say. */
  error: RegExp;
}

/** Bodies every JSON POST route must refuse, whatever its schema. */
function malformedBodies(route: string, method = "POST"): BadInput[] {
  return [
    { name: "malformed JSON", request: () => send(route, '{"cardId": "a",', method), status: 400, error: /invalid/i },
    { name: "no body", request: () => send(route, undefined, method), status: 400, error: /invalid/i },
    { name: "a JSON array", request: () => send(route, "[1,2,3]", method), status: 400, error: /invalid/i },
    { name: "JSON null", request: () => send(route, "null", method), status: 400, error: /invalid/i },
    { name: "a form instead of JSON", request: () => send(route, "a=1&b=2", method, "application/x-www-form-urlencoded"), status: 400, error: /invalid/i },
    { name: "a 12 MB body", request: () => send(route, JSON.stringify({ padding: HUGE_PADDING }), method), status: 413, error: /too large|limit/i },
    { name: "JSON nested 100,000 deep", request: () => send(route, "[".repeat(100_000) + "]".repeat(100_000), method), status: 400, error: /invalid/i },
  ];
}

let notesDir: string;
let dataDir: string;
let cardId: string;
let shown: { reps: number; lastReview: string | null };
const ENV_KEYS = ["DATABASE_URL", "RECALL_PASSWORD", "RECALL_DATA_DIR", "RECALL_NOTES_DIR"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

beforeAll(async () => {
  dataDir = freshDataDir();
  notesDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-routes-notes-"));
  fs.mkdirSync(path.join(notesDir, "ml"));
  fs.writeFileSync(path.join(notesDir, "ml", "basics.md"), "## What is overfitting?\n\nLearning noise.\n\n## What is dropout?\n\nZeroing activations.\n");
  // getDatabase() opens the database named by the environment on first use, as in the server.
  delete process.env.DATABASE_URL;
  delete process.env.RECALL_PASSWORD;
  process.env.RECALL_DATA_DIR = dataDir;
  process.env.RECALL_NOTES_DIR = notesDir;
  const db = await getDatabase();
  await importFromNotesRoot(db.prisma, []);
  const card = await db.prisma.card.findFirstOrThrow({ where: { front: "What is overfitting?" }, include: { schedule: true } });
  cardId = card.id;
  shown = { reps: card.schedule!.reps, lastReview: card.schedule!.lastReview?.toISOString() ?? null };
});

afterAll(async () => {
  const db = await getDatabase();
  await db.close();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("recall.database")];
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(notesDir, { recursive: true, force: true });
});

async function expectRefused(handler: Handler, bad: BadInput): Promise<void> {
  let response: Response;
  try {
    response = await handler(bad.request());
  } catch (error) {
    throw new Error(`${bad.name}: the handler threw instead of answering: ${(error as Error).stack}`);
  }
  const statuses = Array.isArray(bad.status) ? bad.status : [bad.status];
  const body = await response.text();
  expect(statuses, `${bad.name}: status ${response.status}, body ${body.slice(0, 300)}`).toContain(response.status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const { error } = JSON.parse(body) as { error?: unknown };
  expect(typeof error === "string" && error.length > 0, `${bad.name}: no error message in ${body.slice(0, 300)}`).toBe(true);
  expect(error, bad.name).toMatch(bad.error);
}

/** One `it` per bad input, so a failure names the route and the input. */
function refuses(route: string, handler: Handler, inputs: BadInput[]) {
  describe(route, () => {
    for (const bad of inputs) it(`${bad.name} → ${bad.status}`, () => expectRefused(handler, bad));
  });
}

const validAnswer = () => ({ cardId, rating: 3, idempotencyKey: "key-0123456789", shown });

refuses("POST /api/review/answer", answer.POST, [
  ...malformedBodies("/api/review/answer"),
  { name: "missing rating", request: () => sendJson("/api/review/answer", { ...validAnswer(), rating: undefined }), status: 400, error: /rating/ },
  { name: "rating as a string", request: () => sendJson("/api/review/answer", { ...validAnswer(), rating: "3" }), status: 400, error: /rating must be 1/ },
  { name: "rating 5", request: () => sendJson("/api/review/answer", { ...validAnswer(), rating: 5 }), status: 400, error: /rating must be 1 \(Again\)/ },
  { name: "cardId as a number", request: () => sendJson("/api/review/answer", { ...validAnswer(), cardId: 42 }), status: 400, error: /cardId/ },
  { name: "a 200,000-character cardId", request: () => sendJson("/api/review/answer", { ...validAnswer(), cardId: LONG }), status: 400, error: /cardId/ },
  { name: "missing idempotencyKey", request: () => sendJson("/api/review/answer", { ...validAnswer(), idempotencyKey: undefined }), status: 400, error: /idempotencyKey/ },
  { name: "missing shown", request: () => sendJson("/api/review/answer", { ...validAnswer(), shown: undefined }), status: 400, error: /shown/ },
  { name: "shown.lastReview not a date", request: () => sendJson("/api/review/answer", { ...validAnswer(), shown: { reps: 0, lastReview: "yesterday" } }), status: 400, error: /lastReview/ },
  { name: "negative durationMs", request: () => sendJson("/api/review/answer", { ...validAnswer(), durationMs: -5 }), status: 400, error: /durationMs/ },
  { name: "unknown card id", request: () => sendJson("/api/review/answer", { ...validAnswer(), cardId: "no-such-card" }), status: 404, error: /No card with id "no-such-card"/ },
  { name: "deck as a number", request: () => sendJson("/api/review/answer", { ...validAnswer(), deck: 7 }), status: 400, error: /deck/ },
  { name: "a card state that changed since it was shown", request: () => sendJson("/api/review/answer", { ...validAnswer(), shown: { reps: 9, lastReview: null } }), status: 409, error: /changed since it was shown/ },
]);

refuses("POST /api/review/bury", bury.POST, [
  ...malformedBodies("/api/review/bury"),
  { name: "missing cardId", request: () => sendJson("/api/review/bury", {}), status: 400, error: /cardId/ },
  { name: "unknown card id", request: () => sendJson("/api/review/bury", { cardId: "no-such-card" }), status: 404, error: /No card with id/ },
]);

refuses("POST /api/review/suspend", suspend.POST, [
  ...malformedBodies("/api/review/suspend"),
  { name: "suspended as a string", request: () => sendJson("/api/review/suspend", { cardId, suspended: "yes" }), status: 400, error: /suspended/ },
  { name: "unknown card id", request: () => sendJson("/api/review/suspend", { cardId: "no-such-card" }), status: 404, error: /No card with id/ },
]);

refuses("POST /api/review/study-more", studyMore.POST, [
  ...malformedBodies("/api/review/study-more"),
  { name: "neither extraNewCards nor aheadDays", request: () => sendJson("/api/review/study-more", {}), status: 400, error: /extraNewCards or aheadDays/ },
  { name: "negative extraNewCards", request: () => sendJson("/api/review/study-more", { extraNewCards: -3 }), status: 400, error: /extraNewCards/ },
  { name: "aheadDays of 10,000", request: () => sendJson("/api/review/study-more", { aheadDays: 10_000 }), status: 400, error: /aheadDays/ },
  { name: "unknown deck", request: () => sendJson("/api/review/study-more", { extraNewCards: 5, deck: "no/such/deck" }), status: 404, error: /No deck "no\/such\/deck"/ },
]);

refuses("POST /api/review/undo", undo.POST, [
  { name: "malformed JSON", request: () => send("/api/review/undo", "{", "POST"), status: 400, error: /invalid/i },
  { name: "deck as a number", request: () => sendJson("/api/review/undo", { deck: 3 }), status: 400, error: /deck/ },
  { name: "nothing to undo", request: () => sendJson("/api/review/undo", {}), status: 409, error: /Nothing to undo/ },
]);

refuses("GET /api/review/next", (request) => next.GET(request), [
  { name: "a 1,000-character deck", request: () => get(`/api/review/next?deck=${"d".repeat(1000)}`), status: 400, error: /deck/i },
  { name: "unknown deck", request: () => get("/api/review/next?deck=no/such/deck"), status: 404, error: /No deck "no\/such\/deck"/ },
]);

refuses("POST /api/grade", grade.POST, [
  ...malformedBodies("/api/grade"),
  { name: "missing answer", request: () => sendJson("/api/grade", { cardId }), status: 400, error: /answer/ },
  { name: "answer as an object", request: () => sendJson("/api/grade", { cardId, answer: { text: "x" } }), status: 400, error: /answer/ },
  { name: "a 200,000-character answer", request: () => sendJson("/api/grade", { cardId, answer: LONG }), status: 400, error: /limited to 20,000 characters/ },
  { name: "an unknown grader", request: () => sendJson("/api/grade", { cardId, answer: "x", grader: "gpt-9" }), status: 400, error: /grader/ },
  { name: "unknown card id", request: () => sendJson("/api/grade", { cardId: "no-such-card", answer: "x" }), status: 404, error: /no-such-card/ },
]);

refuses("POST /api/import", importRoute.POST, [
  ...malformedBodies("/api/import"),
  { name: "paths as a string", request: () => sendJson("/api/import", { paths: "ml" }), status: 400, error: /paths/ },
  { name: "an empty path", request: () => sendJson("/api/import", { paths: [""] }), status: 400, error: /paths/ },
  { name: "2,000 paths", request: () => sendJson("/api/import", { paths: Array.from({ length: 2000 }, (_, i) => `n${i}.md`) }), status: 400, error: /paths/ },
]);

refuses("POST /api/duplicates", duplicates.POST, [
  ...malformedBodies("/api/duplicates"),
  { name: "an unknown action", request: () => sendJson("/api/duplicates", { action: "delete", ids: [cardId] }), status: 400, error: /action/ },
  { name: "keep without keepId", request: () => sendJson("/api/duplicates", { action: "keep", retireIds: [cardId] }), status: 400, error: /keepId/ },
  { name: "dismiss with one id", request: () => sendJson("/api/duplicates", { action: "dismiss", ids: [cardId] }), status: 400, error: /ids/ },
  { name: "keep, retiring only the kept card", request: () => sendJson("/api/duplicates", { action: "keep", keepId: cardId, retireIds: [cardId] }), status: 400, error: /at least one card to retire/ },
  { name: "suspend an unknown card", request: () => sendJson("/api/duplicates", { action: "suspend", ids: ["no-such-card"] }), status: 404, error: /^No card with id "no-such-card"/ },
  { name: "keep an unknown card", request: () => sendJson("/api/duplicates", { action: "keep", keepId: "gone-card", retireIds: [cardId] }), status: 404, error: /^No card with id "gone-card"/ },
  { name: "dismiss with two unknown cards", request: () => sendJson("/api/duplicates", { action: "dismiss", ids: [cardId, "gone-1", "gone-2"] }), status: 404, error: /^No cards with ids "gone-1", "gone-2"/ },
]);

refuses("PUT /api/settings/review", reviewSettings.PUT, [
  ...malformedBodies("/api/settings/review", "PUT"),
  { name: "missing overrides", request: () => sendJson("/api/settings/review", {}, "PUT"), status: 400, error: /overrides/ },
  { name: "a negative limit", request: () => sendJson("/api/settings/review", { overrides: { newCardsPerDay: -1 } }, "PUT"), status: 400, error: /newCardsPerDay/ },
  { name: "an unknown time zone", request: () => sendJson("/api/settings/review", { overrides: { timeZone: "Mars/Olympus" } }, "PUT"), status: 400, error: /time ?zone/i },
  { name: "unknown deck", request: () => sendJson("/api/settings/review", { deck: "no/such/deck", overrides: {} }, "PUT"), status: 404, error: /No deck/ },
]);

refuses("POST /api/settings/apply-parameters", applyParameters.POST, [
  ...malformedBodies("/api/settings/apply-parameters"),
  { name: "3 parameters", request: () => sendJson("/api/settings/apply-parameters", { parameters: [1, 2, 3], reschedule: false }), status: 400, error: /parameters/ },
  { name: "parameters as strings", request: () => sendJson("/api/settings/apply-parameters", { parameters: Array(21).fill("1"), reschedule: false }), status: 400, error: /parameters/ },
  { name: "missing reschedule", request: () => sendJson("/api/settings/apply-parameters", { parameters: Array(21).fill(1) }), status: 400, error: /reschedule/ },
]);

refuses("POST /api/settings/optimize", () => optimize.POST(), [
  { name: "a collection without enough reviews", request: () => send("/api/settings/optimize", undefined), status: 422, error: /review/i },
]);

refuses("GET /api/quiz", quiz.GET, [
  { name: "count as a word", request: () => get("/api/quiz?count=many"), status: 400, error: /count/ },
  { name: "count of 1,000", request: () => get("/api/quiz?count=1000"), status: 400, error: /count/ },
  { name: "a 5,000-character query", request: () => get(`/api/quiz?query=${"q".repeat(5000)}`), status: 400, error: /query/ },
]);

refuses("GET /api/search", search.GET, [
  { name: "limit as a word", request: () => get("/api/search?q=x&limit=lots"), status: 400, error: /limit/ },
  { name: "limit of 0", request: () => get("/api/search?q=x&limit=0"), status: 400, error: /limit/ },
  { name: "an unknown result type", request: () => get("/api/search?q=x&type=image"), status: 400, error: /type/ },
  { name: "an unknown card kind", request: () => get("/api/search?q=x&kind=essay"), status: 400, error: /kind/ },
]);

refuses("GET /api/export", exportRoute.GET, [{ name: "an unknown format", request: () => get("/api/export?format=pdf"), status: 400, error: /json, csv or apkg/ }]);

refuses("GET /api/cards/:id/similar", (request) => similar.GET(request, { params: Promise.resolve({ id: "no-such-card" }) }), [
  { name: "unknown card id", request: () => get("/api/cards/no-such-card/similar?limit=banana"), status: 404, error: /No card with id no-such-card/ },
]);

/** Route handlers with a path parameter get it from the URL's last segment, as Next.js hands it over. */
const lastSegment = (request: Request) => ({ params: Promise.resolve({ id: decodeURIComponent(new URL(request.url).pathname.split("/").pop()!) }) });

refuses("GET /api/import/:id", (request) => importStatus.GET(request, lastSegment(request)), [
  { name: "an id that is not a UUID", request: () => get("/api/import/latest"), status: 400, error: /invalid import id/ },
  { name: "a 200,000-character id", request: () => get(`/api/import/${LONG}`), status: 400, error: /invalid import id/ },
  { name: "unknown import id", request: () => get("/api/import/3f0c1a52-8a51-4d7e-9c39-1d2b7a4e5f60"), status: 404, error: /No import with id 3f0c1a52-8a51-4d7e-9c39-1d2b7a4e5f60/ },
]);

describe("routes without input", () => {
  it("GET /api/health, GET /api/stats, GET /api/settings/review answer 200 with JSON", async () => {
    for (const response of [await health.GET(), await stats.GET(), await reviewSettings.GET()]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toBeTypeOf("object");
    }
  });

  it("POST /api/login without a password configured, or with garbage, redirects instead of failing", async () => {
    expect((await login.POST(send("/api/login", "{", "POST"))).status).toBe(303);
    process.env.RECALL_PASSWORD = "right";
    try {
      for (const body of ["{", "password=wrong", `password=${LONG}`]) {
        const response = await login.POST(send("/api/login", body, "POST", body === "{" ? "application/json" : "application/x-www-form-urlencoded"));
        expect(response.status).toBe(303);
        expect(response.headers.get("location")).toMatch(/^\/login\?error=1/);
      }
    } finally {
      delete process.env.RECALL_PASSWORD;
    }
  });
});

describe("valid requests still work after all that", () => {
  it("answers the card once, and the same idempotency key again is a duplicate", async () => {
    const first = await answer.POST(sendJson("/api/review/answer", validAnswer()));
    expect(first.status).toBe(200);
    const again = await answer.POST(sendJson("/api/review/answer", validAnswer()));
    expect(await again.json()).toMatchObject({ answer: { duplicate: true, rating: 3 } });
    const db = await getDatabase();
    expect(await db.prisma.reviewLog.count({ where: { cardId } })).toBe(1);
  });
});
