import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/db";
import { dismissDuplicates, embedPending, findDuplicateClusters, flagNewDuplicates, flagSettlement, flagStates, keepDuplicate, SearchInputError, similarCards, suspendCards } from "../../lib/search";
import { clustersFromPairs, pairKey } from "../../lib/search/clusters";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { localEmbedder } from "./embedders";
import { seedCards } from "./seed";

// Paraphrases are 0.85–0.92 similar with MiniLM; unrelated cards at most 0.42.
const THRESHOLD = 0.8;
const planted = [
  { front: "What is overfitting?", back: "When a model learns the noise in its training data and fails to generalise to new data." },
  { front: "What does overfitting mean?", back: "A model that learns noise in the training data and does not generalise to unseen data.", deck: "ml" },
  { front: "Define overfitting in machine learning.", back: "The model memorises noise in the training set and generalises poorly to new data.", deck: "ml/basics" },
  { front: "What is a hash map?", back: "A structure mapping keys to values through a hash function, with O(1) average lookup." },
  { front: "What is a hash table?", back: "A data structure that maps keys to values using a hash function; lookups take O(1) on average." },
  { front: "What is dropout?", back: "Randomly zeroing activations during training to regularise a network." },
  { front: "What is the capital of France?", back: "Paris." },
];

async function review(prisma: PrismaClient, cardId: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await prisma.reviewLog.create({ data: { cardId, rating: 3, stateBefore: {}, stateAfter: {}, elapsedDays: i, scheduledDays: i + 1, reviewedAt: new Date(Date.UTC(2026, 0, 1 + i)) } });
  }
}

describeEachDatabase("duplicates", (backend) => {
  let db: TestDatabase;
  let ids: string[];
  const scan = () => findDuplicateClusters(db.prisma, localEmbedder.model, { threshold: THRESHOLD });
  const clusterFronts = async () => (await scan()).clusters.map((cluster) => cluster.cards.map((card) => card.front));

  beforeEach(async () => {
    db = await backend.create();
    ids = await seedCards(db.prisma, planted);
    await embedPending(db.prisma, localEmbedder);
  });
  afterEach(() => db?.destroy());

  it("clusters the planted paraphrases, closest cluster first, with deck and review counts", async () => {
    await review(db.prisma, ids[1], 3);
    const { clusters } = await scan();
    expect(clusters.map((cluster) => cluster.cards.map((card) => card.front).sort())).toEqual([
      ["Define overfitting in machine learning.", "What does overfitting mean?", "What is overfitting?"],
      ["What is a hash map?", "What is a hash table?"],
    ]);
    expect(clusters[0].similarity).toBeGreaterThan(clusters[1].similarity);
    // Most reviewed first: the natural one to keep.
    expect(clusters[0].cards[0]).toMatchObject({ id: ids[1], deck: "ml", reviews: 3, recentRatings: [3, 3, 3] });
    expect(clusters[0].cards[1].reviews).toBe(0);
    expect((await findDuplicateClusters(db.prisma, localEmbedder.model)).clusters.map((c) => c.cards.length)).toEqual([2]);
  });

  it("keeps one card and retires the others into it, with every review log kept", async () => {
    await review(db.prisma, ids[0], 2);
    await review(db.prisma, ids[1], 3);
    await review(db.prisma, ids[2], 1);
    expect(await keepDuplicate(db.prisma, ids[0], [ids[1], ids[2]])).toEqual({ kept: ids[0], retired: 2 });

    expect(await db.prisma.reviewLog.count()).toBe(6);
    const retired = await db.prisma.card.findMany({ where: { id: { in: [ids[1], ids[2]] } } });
    expect(retired.map((card) => [card.status, card.mergedIntoId])).toEqual([
      ["retired", ids[0]],
      ["retired", ids[0]],
    ]);
    expect(await clusterFronts()).toEqual([expect.arrayContaining(["What is a hash map?"])]);

    // A second merge carries the first one's cards along; the kept card counts the whole history.
    await seedCards(db.prisma, [{ front: "Explain overfitting.", back: "A model learning noise in its training data so it fails to generalise to new data." }]);
    await embedPending(db.prisma, localEmbedder);
    const [newest] = await db.prisma.card.findMany({ where: { front: "Explain overfitting." } });
    await keepDuplicate(db.prisma, newest.id, [ids[0]]);
    expect(await db.prisma.card.count({ where: { mergedIntoId: newest.id } })).toBe(3);
    await seedCards(db.prisma, [{ front: "What is overfitting in ML?", back: "A model that learns the noise of its training data and fails to generalise." }]);
    await embedPending(db.prisma, localEmbedder);
    const { clusters } = await scan();
    expect(clusters[0].cards.find((card) => card.id === newest.id)?.reviews).toBe(6);
    expect(await db.prisma.reviewLog.count()).toBe(6);
  });

  it("remembers 'not duplicates' and never shows the pair again", async () => {
    expect(await dismissDuplicates(db.prisma, [ids[4], ids[3]])).toEqual({ pairs: 1 });
    expect(await clusterFronts()).toHaveLength(1);
    expect(await dismissDuplicates(db.prisma, [ids[3], ids[4]])).toEqual({ pairs: 1 });
    expect(await db.prisma.duplicateDismissal.count()).toBe(1);
  });

  it("suspends cards, which then leave the clusters but keep their history", async () => {
    await review(db.prisma, ids[3], 2);
    expect(await suspendCards(db.prisma, [ids[3]])).toEqual({ suspended: 1 });
    expect(await clusterFronts()).toHaveLength(1);
    expect(await db.prisma.reviewLog.count({ where: { cardId: ids[3] } })).toBe(2);
  });

  it("refuses actions on cards that do not exist or that make no sense, changing nothing", async () => {
    await expect(keepDuplicate(db.prisma, ids[0], [ids[0]])).rejects.toBeInstanceOf(SearchInputError);
    await expect(keepDuplicate(db.prisma, ids[0], ["no-such-card"])).rejects.toThrow(/^No card with id "no-such-card"/);
    await expect(suspendCards(db.prisma, ["gone-1", ids[1], "gone-2"])).rejects.toMatchObject({ name: "UnknownCardsError", ids: ["gone-1", "gone-2"] });
    await expect(dismissDuplicates(db.prisma, [ids[0]])).rejects.toBeInstanceOf(SearchInputError);
    await expect(findDuplicateClusters(db.prisma, localEmbedder.model, { threshold: 1.5 })).rejects.toBeInstanceOf(SearchInputError);
    expect(await db.prisma.card.count({ where: { status: "active" } })).toBe(planted.length);
  });

  it("flags new cards with a near-duplicate for the import summary", async () => {
    const flags = await flagNewDuplicates(db.prisma, localEmbedder.model, [ids[4], ids[6]], THRESHOLD);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ card: { id: ids[4] }, similarTo: { id: ids[3], front: "What is a hash map?", deck: "interview" } });
    expect(flags[0].message).toMatch(/^new card "What is a hash table\?" is 0\.\d\d similar to "What is a hash map\?" in deck interview$/);
    expect(flags[0].card).toMatchObject({ front: "What is a hash table?", deck: "interview", source: { path: "notes/interview.md" } });
    // A card suspended (or retired) since its import is out of review: nothing to flag.
    await suspendCards(db.prisma, [ids[4]]);
    expect(await flagNewDuplicates(db.prisma, localEmbedder.model, [ids[4], ids[6]], THRESHOLD)).toEqual([]);
  });

  it("says what became of a stored flag since: dismissed, kept, suspended", async () => {
    const flags = await flagNewDuplicates(db.prisma, localEmbedder.model, [ids[1], ids[4]], THRESHOLD);
    const settled = async () => (await flagStates(db.prisma, flags)).map((flag) => [flag.card.front, flag.settled]);
    expect(await settled()).toEqual([
      ["What does overfitting mean?", null],
      ["What is a hash table?", null],
    ]);
    await dismissDuplicates(db.prisma, [flags[1].card.id, flags[1].similarTo.id]);
    await keepDuplicate(db.prisma, flags[0].card.id, [flags[0].similarTo.id]);
    expect(await settled()).toEqual([
      ["What does overfitting mean?", "the new card was kept, the similar card retired"],
      ["What is a hash table?", "marked not duplicates"],
    ]);
    expect(await flagStates(db.prisma, [])).toEqual([]);
  });

  it("lists a card's nearest neighbours, itself excluded", async () => {
    const similar = await similarCards(db.prisma, localEmbedder.model, ids[0], 3);
    expect(similar.map((card) => card.front)).toEqual(["What does overfitting mean?", "Define overfitting in machine learning.", "What is dropout?"]);
    expect(similar[0]).toMatchObject({ deck: "ml", source: { path: "notes/ml.md" } });
    await expect(similarCards(db.prisma, localEmbedder.model, "no-such-card")).rejects.toThrow("No card with id no-such-card.");
  });
});

describe("flagSettlement", () => {
  const ids = { card: "new", similarTo: "old" };
  const active = { status: "active", mergedIntoId: null };
  it("is open while both cards are active and the pair is not dismissed", () => {
    expect(flagSettlement(active, active, false, ids)).toBeNull();
  });
  it("names the action that settled it", () => {
    expect(flagSettlement(active, active, true, ids)).toBe("marked not duplicates");
    expect(flagSettlement({ status: "retired", mergedIntoId: "old" }, active, false, ids)).toBe("the similar card was kept, the new card retired");
    expect(flagSettlement(active, { status: "retired", mergedIntoId: "new" }, false, ids)).toBe("the new card was kept, the similar card retired");
    expect(flagSettlement({ status: "retired", mergedIntoId: "third" }, active, false, ids)).toBe("the new card is retired");
    expect(flagSettlement(active, { status: "suspended", mergedIntoId: null }, false, ids)).toBe("the similar card is suspended");
  });
});

describe("clustersFromPairs", () => {
  it("joins pairs transitively, keeps the closest pair's similarity and leaves dismissed pairs out", () => {
    const pairs = [
      { a: "a", b: "b", similarity: 0.91 },
      { a: "c", b: "b", similarity: 0.95 },
      { a: "b", b: "a", similarity: 0.91 },
      { a: "x", b: "y", similarity: 0.97 },
      { a: "p", b: "q", similarity: 0.99 },
    ];
    expect(clustersFromPairs(pairs, new Set([pairKey("q", "p")]))).toEqual([
      { ids: ["x", "y"], similarity: 0.97 },
      { ids: ["a", "b", "c"], similarity: 0.95 },
    ]);
    expect(clustersFromPairs([])).toEqual([]);
  });
});
