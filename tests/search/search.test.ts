import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedPending, searchNotes, SearchInputError, type SearchResult } from "../../lib/search";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { localEmbedder } from "./embedders";
import { seedCards, seedNote } from "./seed";

const fronts = (results: SearchResult[]) => results.map((r) => r.front ?? r.text);

describeEachDatabase("searchNotes", (backend) => {
  let db: TestDatabase;
  const search = (query: string, options: Partial<Parameters<typeof searchNotes>[2]> = {}) =>
    searchNotes(db.prisma, localEmbedder, { query, ...options }).then((response) => response.results);

  beforeAll(async () => {
    db = await backend.create();
    await seedCards(db.prisma, [
      { front: "What is overfitting?", back: "The model fits noise in the training data and fails to generalise to new examples.", tags: ["ml"] },
      { front: "What is a hash table?", back: "An array of buckets indexed by a hash of the key; O(1) average lookup.", deck: "interview/dsa" },
      { front: "Which city is the capital of France?", back: "Paris", deck: "trivia" },
      { front: "What does HNSW stand for?", back: "Hierarchical Navigable Small World, a graph index for approximate nearest neighbours." },
      { front: "Which option caps the length of a completion?", back: "`max_completion_tokens` in the chat API.", tags: ["api"] },
      { front: "Retrieval-augmented {{c1::generation}}", back: "", kind: "cloze" },
      { front: "What is a B-tree?", back: "A balanced search tree with many keys per node, used by database indexes.", deck: "interview/dsa", status: "suspended" },
      { front: "What is bubble sort?", back: "Repeatedly swap adjacent out-of-order elements.", deck: "interview/dsa", status: "retired" },
    ]);
    await seedNote(db.prisma, "notes/regularisation.md", "interview", [
      { headingPath: ["Regularisation", "Dropout"], text: "Dropout randomly zeroes activations while training, so no unit can be relied on alone.", startLine: 12, endLine: 30 },
      { headingPath: ["Cooking"], text: "Simmer the onions slowly until golden.", startLine: 31, endLine: 35 },
    ]);
    await embedPending(db.prisma, localEmbedder);
  });
  afterAll(() => db?.destroy());

  it("finds the card and the note passage for a paraphrase (the issue's example) above unrelated ones", async () => {
    for (const mode of ["hybrid", "semantic"] as const) {
      const results = await search("How do you stop a model from memorising its training set", { mode, limit: 5 });
      const top2 = fronts(results.slice(0, 2));
      expect(top2, mode).toContain("What is overfitting?");
      expect(top2, mode).toContain("Dropout randomly zeroes activations while training, so no unit can be relied on alone.");
    }
  });

  it("returns the issue's result shape, best first, with where each hit comes from", async () => {
    const [card, passage] = await Promise.all([search("capital of France", { types: ["card"], limit: 1 }), search("dropout", { types: ["passage"], limit: 1 })]);
    expect(card[0]).toMatchObject({ type: "card", front: "Which city is the capital of France?", back: "Paris", deck: "trivia", source: { path: "notes/trivia.md" } });
    expect(card[0].text).toBeUndefined();
    expect(passage[0]).toMatchObject({ type: "passage", deck: "interview", source: { path: "notes/regularisation.md", startLine: 12, endLine: 30 } });
    expect(passage[0].front).toBeUndefined();
    const results = await search("hash table lookup");
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
  });

  it("finds acronyms and code identifiers through the keyword half of hybrid", async () => {
    expect(fronts(await search("HNSW", { limit: 1 }))).toEqual(["What does HNSW stand for?"]);
    expect(fronts(await search("max_completion_tokens", { limit: 1 }))).toEqual(["Which option caps the length of a completion?"]);
    expect(fronts(await search("HNSW", { mode: "keyword" }))).toEqual(["What does HNSW stand for?"]);
  });

  it("reads websearch syntax in every mode: -word leaves out hits containing it", async () => {
    expect(fronts(await search("hash lookup", { mode: "keyword" }))).toContain("What is a hash table?");
    for (const mode of ["hybrid", "semantic", "keyword"] as const) {
      expect(fronts(await search("hash lookup -buckets", { mode, limit: 20 })), mode).not.toContain("What is a hash table?");
    }
  });

  it("ranks keyword hits by the rare words they contain, not the common ones", async () => {
    // "what" and "is" are stop words; "HNSW" is in one card, "stand" in one, "what is" in many.
    const [first] = await search("what is HNSW graph", { mode: "keyword" });
    expect(first.front).toBe("What does HNSW stand for?");
  });

  it("highlights the words of a hit that match the query, stemmed", async () => {
    const [hit] = await search("hashing tables", { mode: "keyword", limit: 1 });
    expect(hit.front).toBe("What is a hash table?");
    expect(hit.highlights.map((w) => w.toLowerCase()).sort()).toEqual(["hash", "table"]);
  });

  it("filters by deck (with its sub-decks), tag, kind, status and result type", async () => {
    const everything = { mode: "semantic" as const, limit: 50 };
    const inInterview = await search("data structure", { ...everything, deck: "interview" });
    expect(inInterview.map((r) => r.deck).every((deck) => deck === "interview" || deck.startsWith("interview/"))).toBe(true);
    expect(fronts(inInterview)).toContain("What is a hash table?");
    expect(fronts(await search("data structure", { ...everything, deck: "interview/dsa" }))).toEqual(["What is a hash table?"]);
    expect(fronts(await search("anything", { ...everything, tag: "api" }))).toEqual(["Which option caps the length of a completion?"]);
    expect(fronts(await search("anything", { ...everything, kind: "cloze" }))).toEqual(["Retrieval-augmented {{c1::generation}}"]);
    expect(fronts(await search("tree", { ...everything, status: "suspended" }))).toEqual(["What is a B-tree?"]);
    expect(fronts(await search("sorting", { mode: "keyword", status: "retired" }))).toEqual(["What is bubble sort?"]);
    expect(fronts(await search("tree index", everything))).not.toContain("What is a B-tree?");
    expect((await search("dropout", { ...everything, types: ["passage"] })).every((r) => r.type === "passage")).toBe(true);
    expect((await search("dropout", { ...everything, types: ["card"] })).every((r) => r.type === "card")).toBe(true);
  });

  it("answers bad queries with no results or a clear message, never an exception", async () => {
    for (const mode of ["hybrid", "semantic", "keyword"] as const) {
      expect(await search("", { mode })).toEqual([]);
      expect(await search(" \n\t ", { mode })).toEqual([]);
      for (const query of ["'", "&", "!", ":*", "a & !b | c:*", "'; DROP TABLE cards; --", "((", '"unclosed', "-", "or"]) {
        await expect(search(query, { mode }), `${mode} ${query}`).resolves.toBeInstanceOf(Array);
      }
      const long = await search("overfitting ".repeat(10_000).slice(0, 100_000), { mode, limit: 3 });
      expect(fronts(long)[0]).toBe("What is overfitting?");
    }
    await expect(search("hash", { deck: "no/such/deck" })).rejects.toThrow(new SearchInputError('No deck "no/such/deck". Decks: interview, interview/dsa, trivia.'));
    await expect(search("hash", { limit: 0 })).rejects.toBeInstanceOf(SearchInputError);
  });
});

describe("searchNotes before any import", () => {
  it("returns nothing, and says there are no decks when one is asked for", async () => {
    const { pgliteBackend } = await import("../helpers/databases");
    const db = await pgliteBackend.create();
    try {
      expect((await searchNotes(db.prisma, localEmbedder, { query: "anything" })).results).toEqual([]);
      await expect(searchNotes(db.prisma, localEmbedder, { query: "anything", deck: "x" })).rejects.toThrow(/no decks yet/);
    } finally {
      await db.destroy();
    }
  });
});
