import { describe, expect, it } from "vitest";
import { cosine, createLocalEmbedder, plainTextForEmbedding, withEmbeddingCache } from "../../lib/embeddings";

const embedder = createLocalEmbedder();

describe("local MiniLM embedder", () => {
  it("produces 384-d unit vectors and says which model made them", async () => {
    const [vector] = await embedder.embed(["A stack is a last-in first-out data structure."]);
    expect(embedder.model).toBe("local:all-MiniLM-L6-v2-q4");
    expect(embedder.dimension).toBe(384);
    expect(vector).toHaveLength(384);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
  });

  it("puts a paraphrase closer than an unrelated sentence", async () => {
    const [query, paraphrase, unrelated] = await embedder.embed([
      "How do you stop a model from memorising its training set?",
      "Regularisation such as dropout prevents overfitting to the training data.",
      "The capital of France is Paris.",
    ]);
    expect(cosine(query, paraphrase)).toBeGreaterThan(cosine(query, unrelated) + 0.1);
  });

  it("gives the same vector for a text whether embedded alone or in a batch of other lengths", async () => {
    const texts = [
      "push and pop",
      "A binary tree that has the property that for any node the left child is smaller than the parent.",
      "",
      "Pop all the elements and store them on another stack until the element is found.",
    ];
    const batched = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      for (let d = 0; d < alone.length; d++) expect(Math.abs(alone[d] - batched[i][d])).toBeLessThan(1e-5);
    }
  });

  it("runs the model off the main thread: the event loop keeps turning while a batch is embedded", async () => {
    await embedder.embed(["load the model first: loading is asynchronous either way"]);
    const texts = Array.from({ length: 64 }, (_, i) => `Card ${i}: a write-ahead log makes a database crash-safe by logging changes first.`);
    let done = false;
    let turns = 0;
    const embedding = embedder.embed(texts).finally(() => (done = true));
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
    }
    expect(await embedding).toHaveLength(64);
    // On the main thread the model would hold the loop for each whole sub-batch of 32: a handful of turns.
    expect(turns).toBeGreaterThan(100);
  });

  it("returns nothing for no texts", async () => {
    expect(await embedder.embed([])).toEqual([]);
  });
});

describe("plainTextForEmbedding", () => {
  it("keeps the words and drops Markdown decoration", () => {
    const markdown = [
      "## Binary *search* trees",
      "",
      "- **Left** child < parent, see [the notes](notes/bst.md)",
      "> `insert(x)` is O(log n) on a balanced tree",
      "```ts",
      "tree.insert(3)",
      "```",
      "| op | cost |",
      "|----|------|",
      "| find \\| scan | $O(h)$ |",
      "it\\'s `snake\\_case`, not \\*emphasis\\*",
    ].join("\n");
    expect(plainTextForEmbedding(markdown)).toBe(
      "Binary search trees Left child < parent, see the notes insert(x) is O(log n) on a balanced tree tree.insert(3) op cost find scan O(h) it's snake_case, not emphasis",
    );
  });
});

describe("withEmbeddingCache", () => {
  it("embeds each distinct text once and returns the same vectors as the model", async () => {
    const embedded: string[] = [];
    const counting = { ...embedder, embed: (texts: string[]) => (embedded.push(...texts), embedder.embed(texts)) };
    const cached = withEmbeddingCache(counting, 2);
    const [first] = await cached.embed(["queue"]);
    const again = await cached.embed(["queue", "stack", "queue"]);
    await cached.embed(["tree"]); // evicts the least recently used: "stack" ("queue" was used after it)
    await cached.embed(["stack", "queue"]);
    expect(embedded).toEqual(["queue", "stack", "tree", "stack"]);
    expect(again[0]).toBe(first);
    expect(again[2]).toBe(first);
    expect(cached.model).toBe(embedder.model);
  });
});
