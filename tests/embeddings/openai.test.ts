import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIEmbedder, EmbeddingError, embedderFromEnv } from "../../lib/embeddings";

/** A scripted OpenAI-compatible /v1/embeddings server on 127.0.0.1 speaking the real wire protocol. */
type Reply = (body: { model: string; input: string[]; dimensions?: number }, res: ServerResponse) => void;

let server: Server;
let baseURL: string;
let replies: Reply[] = [];
const requests: { authorization?: string; body: { model: string; input: string[]; dimensions?: number } }[] = [];

function vectorFor(text: string, dimension: number): number[] {
  return Array.from({ length: dimension }, (_, d) => Math.sin(text.length + d));
}

const embeddings = (dimension: number): Reply => (body, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      object: "list",
      model: body.model,
      // Out of order on purpose: clients must place vectors by `index`.
      data: body.input.map((text, index) => ({ object: "embedding", index, embedding: vectorFor(text, dimension) })).reverse(),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    }),
  );
};

const serverError: Reply = (_body, res) => {
  res.writeHead(500, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message: "model is loading", type: "server_error" } }));
};

async function readJson(req: IncomingMessage) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readJson(req);
    requests.push({ authorization: req.headers.authorization, body });
    if (req.url !== "/v1/embeddings") return void res.writeHead(404).end();
    (replies.shift() ?? embeddings(384))(body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  replies = [];
  requests.length = 0;
});

describe("OpenAI-compatible embedder", () => {
  it("returns one vector per text, in input order, asking for the configured dimension", async () => {
    const embedder = createOpenAIEmbedder({ baseURL, apiKey: "sk-test", model: "nomic-embed-text", dimension: 384 });
    const vectors = await embedder.embed(["short", "a longer text"]);
    expect(embedder.model).toBe("openai:nomic-embed-text");
    expect(vectors.map((v) => v.length)).toEqual([384, 384]);
    expect(vectors[0][1]).toBeCloseTo(vectorFor("short", 384)[1], 6);
    expect(vectors[1][1]).toBeCloseTo(vectorFor("a longer text", 384)[1], 6);
    expect(requests[0].body).toMatchObject({ model: "nomic-embed-text", input: ["short", "a longer text"], dimensions: 384 });
    expect(requests[0].authorization).toBe("Bearer sk-test");
  });

  it("rejects vectors of the wrong dimension, naming the endpoint and model", async () => {
    replies = [embeddings(1536)];
    const embedder = createOpenAIEmbedder({ baseURL, model: "text-embedding-3-small", dimension: 384 });
    const failure = embedder.embed(["x"]);
    await expect(failure).rejects.toThrow(EmbeddingError);
    await expect(failure).rejects.toThrow(
      `embedding endpoint ${baseURL} (model text-embedding-3-small) returned 1536-d vectors, expected 384`,
    );
  });

  it("retries a server error and then succeeds", async () => {
    replies = [serverError];
    const embedder = createOpenAIEmbedder({ baseURL, model: "m", dimension: 384 });
    const vectors = await embedder.embed(["retry me"]);
    expect(vectors).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });

  it("gives up after bounded retries with the server's status in the message", async () => {
    replies = [serverError, serverError];
    const embedder = createOpenAIEmbedder({ baseURL, model: "m", dimension: 384, maxRetries: 1 });
    await expect(embedder.embed(["x"])).rejects.toThrow(`embedding endpoint ${baseURL} (model m) failed: HTTP 500`);
    expect(requests).toHaveLength(2);
  });

  it("bounds a slow endpoint by its timeout", async () => {
    replies = [(body, res) => void setTimeout(() => embeddings(384)(body, res), 2_000)];
    const embedder = createOpenAIEmbedder({ baseURL, model: "m", dimension: 384, timeoutMs: 200, maxRetries: 0 });
    await expect(embedder.embed(["x"])).rejects.toThrow(`embedding endpoint ${baseURL} (model m) failed: timed out`);
  });

  it("says clearly when the endpoint is down, without leaking the API key", async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const downURL = `http://127.0.0.1:${port}/v1`;
    const embedder = createOpenAIEmbedder({ baseURL: downURL, apiKey: "sk-secret-123", model: "m", dimension: 384, maxRetries: 0 });
    const error = (await embedder.embed(["x"]).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(EmbeddingError);
    expect(error.message).toBe(
      `embedding endpoint ${downURL} (model m) failed: unreachable (is the server running? check OPENAI_BASE_URL)`,
    );
    expect(error.message).not.toContain("sk-secret-123");
  });
});

describe("embedderFromEnv", () => {
  it("uses the local model when no embedding model is configured", () => {
    expect(embedderFromEnv({}).model).toBe("local:all-MiniLM-L6-v2-q4");
  });

  it("uses the OpenAI-compatible endpoint when RECALL_EMBEDDING_MODEL is set", async () => {
    const embedder = embedderFromEnv({ RECALL_EMBEDDING_MODEL: "nomic-embed-text", OPENAI_BASE_URL: baseURL });
    expect(embedder.model).toBe("openai:nomic-embed-text");
    expect(embedder.dimension).toBe(384);
    expect(await embedder.embed(["hello"])).toHaveLength(1);
  });

  it("refuses a dimension the database cannot store", () => {
    expect(() => embedderFromEnv({ RECALL_EMBEDDING_MODEL: "m", RECALL_EMBEDDING_DIMENSION: "1536" })).toThrow(
      /RECALL_EMBEDDING_DIMENSION=1536 is not supported: embeddings are stored as vector\(384\)/,
    );
  });
});
