import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLocalEmbedder } from "../../lib/embeddings";
import { gradeCardAnswer } from "../../lib/grading";
import { embedPending } from "../../lib/search";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";

const embedder = createLocalEmbedder();

/** A one-route OpenAI-compatible server answering every chat completion with `reply(promptText)`. */
async function startLlm(reply: (prompt: string) => object): Promise<{ server: Server; baseURL: string; prompts: string[] }> {
  const prompts: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = JSON.parse(body) as { model: string; messages: { content: string }[] };
      const prompt = request.messages.map((m) => m.content).join("\n");
      prompts.push(prompt);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "c1",
          object: "chat.completion",
          created: 0,
          model: request.model,
          choices: [{ index: 0, message: { role: "assistant", content: JSON.stringify(reply(prompt)) }, finish_reason: "stop" }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, prompts };
}

describeEachDatabase("grading a card's answer", (backend) => {
  let db: TestDatabase;
  let cardId: string;

  beforeAll(async () => {
    db = await backend.create();
    const deck = await db.prisma.deck.create({ data: { path: "ml", name: "ml" } });
    const note = await db.prisma.note.create({ data: { path: "ml.md", contentHash: "h", deckId: deck.id } });
    await db.prisma.passage.createMany({
      data: [
        { noteId: note.id, ordinal: 0, text: "Dropout randomly zeroes activations during training, which stops units from co-adapting and reduces overfitting.", startLine: 3, endLine: 6, contentHash: "p0" },
        { noteId: note.id, ordinal: 1, text: "The calorie count for lunch was 650 kcal and dinner 800 kcal.", startLine: 8, endLine: 9, contentHash: "p1" },
      ],
    });
    const card = await db.prisma.card.create({
      data: {
        deckId: deck.id,
        noteId: note.id,
        front: "What does dropout do?",
        back: "It randomly zeroes activations during training, a regulariser that reduces overfitting.",
        contentHash: "c",
        sourcePath: "ml.md",
        startLine: 1,
        endLine: 6,
      },
    });
    cardId = card.id;
    await embedPending(db.prisma, embedder);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("stores the answer, grades it offline, and cites only passages it was given", async () => {
    const result = await gradeCardAnswer(db.prisma, { cardId, answer: "It drops random neurons while training so the net does not overfit." }, { embedder, grader: "offline", llm: null });
    expect(result.grade.grader).toBe("offline");
    expect(result.grade.score).toBeGreaterThanOrEqual(3);
    expect(result.passages[0].source).toEqual({ path: "ml.md", startLine: 3, endLine: 6 });
    for (const id of result.grade.citations) expect(result.passages.map((p) => p.id)).toContain(id);
    const stored = await db.prisma.gradedAnswer.findUniqueOrThrow({ where: { id: result.answerId } });
    expect(stored).toMatchObject({ status: "graded", grader: "offline", cardId, answer: "It drops random neurons while training so the net does not overfit." });
    expect(stored.score).toBeCloseTo(result.grade.score);
    expect([1, 2, 3, 4]).toContain(result.suggestedRating);
  });

  it("grades with an OpenAI-compatible LLM, whose prompt holds this card's passages only", async () => {
    const llm = await startLlm(() => ({ explanation: "Right: dropout zeroes activations [p1].", points_hit: ["zeroes activations"], points_missed: [], citations: ["p1"], score: 5 }));
    try {
      const result = await gradeCardAnswer(db.prisma, { cardId, answer: "It zeroes random activations during training." }, { embedder, llm: { baseURL: llm.baseURL, apiKey: "k", model: "test-model" } });
      expect(result.grade).toMatchObject({ grader: "llm", model: "test-model", score: 5, citations: ["p1"] });
      expect(result.passages.find((p) => p.id === "p1")?.cited).toBe(true);
      expect(llm.prompts[0]).toContain("co-adapting");
      const stored = await db.prisma.gradedAnswer.findUniqueOrThrow({ where: { id: result.answerId } });
      expect(stored.citations).toEqual([expect.objectContaining({ id: "p1", path: "ml.md", startLine: 3, endLine: 6 })]);
    } finally {
      llm.server.close();
    }
  });

  it("keeps the typed answer when the LLM is unreachable, and says the offline grader answered", async () => {
    const result = await gradeCardAnswer(db.prisma, { cardId, answer: "Something about neurons." }, { embedder, llm: { baseURL: "http://127.0.0.1:9/v1", apiKey: "k", model: "m", timeoutMs: 3000, retryBaseMs: 10 } });
    expect(result.grade.grader).toBe("offline");
    expect(result.grade.fallbackReason).toMatch(/graded offline/);
    expect(await db.prisma.gradedAnswer.count({ where: { answer: "Something about neurons." } })).toBe(1);
  });
});
