import { afterEach, beforeEach, expect, it } from "vitest";
import { EmbeddingError, type Embedder } from "../../lib/embeddings";
import { embedPending, findDuplicateClusters, searchNotes, similarCards, type EmbedProgress } from "../../lib/search";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { countingEmbedder, failingEmbedder, localEmbedder, otherModel } from "./embedders";
import { seedCards, seedNote } from "./seed";

const cards = [
  { front: "What is overfitting?", back: "Fitting noise in the training data." },
  { front: "What is a hash table?", back: "Buckets indexed by a hash of the key." },
  { front: "Which city is the capital of France?", back: "Paris" },
  { front: "What is bubble sort?", back: "Swap adjacent elements.", status: "retired" as const },
];

async function embeddingRows(db: TestDatabase) {
  return db.prisma.$queryRaw<{ model: string; n: number }[]>`
    SELECT model, count(*)::int AS n FROM (
      SELECT model FROM card_embeddings UNION ALL SELECT model FROM passage_embeddings
    ) rows GROUP BY model ORDER BY model`;
}

/** Fails from its nth call on, like an endpoint that goes down mid-import. */
const failingOnCall = (n: number) =>
  failingEmbedder((call) => call >= n, `embedding endpoint http://127.0.0.1:9/v1 (model ${localEmbedder.model}) failed: unreachable`);

describeEachDatabase("embedPending", (backend) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await backend.create();
    await seedCards(db.prisma, cards);
    await seedNote(db.prisma, "notes/ml.md", "interview", [{ headingPath: ["Dropout"], text: "Dropout zeroes random activations.", startLine: 1, endLine: 3 }]);
  });
  afterEach(() => db?.destroy());

  it("embeds every card not retired and every passage once; unchanged text is never embedded again", async () => {
    const embedder = countingEmbedder();
    const progress: string[] = [];
    expect(await embedPending(db.prisma, embedder, { onProgress: (p) => progress.push(`${p.kind} ${p.done}/${p.total}`) })).toEqual({ cards: 3, passages: 1 });
    expect(progress).toEqual(["cards 0/3", "cards 3/3", "passages 0/1", "passages 1/1"]);
    expect(embedder.texts).toContain("Dropout\nDropout zeroes random activations.".replace("\n", " "));
    expect(await embedPending(db.prisma, embedder)).toEqual({ cards: 0, passages: 0 });
    expect(embedder.texts).toHaveLength(4);

    await db.prisma.card.updateMany({ where: { front: "What is a hash table?" }, data: { back: "An array of buckets; O(1) average lookup." } });
    await db.prisma.card.updateMany({ where: { front: "What is overfitting?" }, data: { tags: ["ml"] } });
    expect(await embedPending(db.prisma, embedder)).toEqual({ cards: 1, passages: 0 });
    expect(embedder.texts.at(-1)).toBe("What is a hash table? An array of buckets; O(1) average lookup.");
  });

  it("writes in batches, and after an embedder failure keeps the cards and embeds the rest next time", async () => {
    await expect(embedPending(db.prisma, failingOnCall(2), { batchSize: 2 })).rejects.toThrow(/127\.0\.0\.1:9.*unreachable/);
    expect(await db.prisma.card.count()).toBe(4);
    expect(await embeddingRows(db)).toEqual([{ model: localEmbedder.model, n: 2 }]);
    const embedder = countingEmbedder();
    expect(await embedPending(db.prisma, embedder, { batchSize: 2 })).toEqual({ cards: 1, passages: 1 });
    expect(embedder.texts).toHaveLength(2);
  });

  it("hands the model the next batch before the previous one is written, so the model never waits for a write", async () => {
    let cardsWritten = 0;
    const writtenAtCall: number[] = [];
    const watching: Embedder = { ...localEmbedder, embed: (texts) => (writtenAtCall.push(cardsWritten), localEmbedder.embed(texts)) };
    const onProgress = (p: EmbedProgress) => void (p.kind === "cards" && (cardsWritten = p.done));
    expect(await embedPending(db.prisma, watching, { batchSize: 1, onProgress })).toEqual({ cards: 3, passages: 1 });
    // The second card is with the model before the first card's vector is written.
    expect(writtenAtCall.slice(0, 2)).toEqual([0, 0]);
    expect(await embeddingRows(db)).toEqual([{ model: localEmbedder.model, n: 4 }]);
  });

  it("refuses vectors of the wrong dimension before writing anything", async () => {
    const wrong: Embedder = { model: "test:wrong", dimension: 384, embed: async (texts) => texts.map(() => new Float32Array(512).fill(0.1)) };
    await expect(embedPending(db.prisma, wrong)).rejects.toThrow(new EmbeddingError("embedding model test:wrong returned 512-d vectors; the database stores 384-d. Choose a 384-d model (RECALL_EMBEDDING_MODEL)."));
    expect(await embeddingRows(db)).toEqual([]);
  });

  it("re-embeds everything for a new model and never compares vectors of two models", async () => {
    await embedPending(db.prisma, localEmbedder);
    const other = otherModel();
    const query = { query: "memorising the training data", mode: "semantic" as const };
    // Nothing is embedded with the other model yet: semantic search and neighbours find nothing rather than mixing.
    expect((await searchNotes(db.prisma, other, query)).results).toEqual([]);
    const [overfitting] = await db.prisma.card.findMany({ where: { front: "What is overfitting?" } });
    expect(await similarCards(db.prisma, other.model, overfitting.id)).toEqual([]);
    expect(await findDuplicateClusters(db.prisma, other.model, { threshold: 0.01 })).toEqual({ clusters: [] });

    expect(await embedPending(db.prisma, other)).toEqual({ cards: 3, passages: 1 });
    expect(await embeddingRows(db)).toEqual([
      { model: localEmbedder.model, n: 4 },
      { model: other.model, n: 4 },
    ]);
    // Negated vectors give the same ranking within their own model; across models it would be reversed.
    const local = (await searchNotes(db.prisma, localEmbedder, query)).results;
    const negated = (await searchNotes(db.prisma, other, query)).results;
    expect(negated.map((r) => r.id)).toEqual(local.map((r) => r.id));
    expect(local[0].front).toBe("What is overfitting?");
  });
});
