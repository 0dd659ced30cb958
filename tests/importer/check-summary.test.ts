import { describe, expect, it } from "vitest";
import { changedFilesText, checkSummary } from "../../lib/importer";
import type { FlagState } from "../../lib/search";

const card = (id: string) => ({ id, front: id, deck: "d", source: { path: null, startLine: null, endLine: null } });
const flag = (settled: string | null): FlagState => ({ card: card("a"), similarTo: card("b"), similarity: 0.95, message: "m", settled });

describe("checkSummary", () => {
  it("says where an import's near-duplicate check stands", () => {
    expect(checkSummary({ cards: 0, unembedded: 0, duplicates: [] })).toBeNull();
    expect(checkSummary({ cards: 3, unembedded: 2, duplicates: null })).toBe("2 cards waiting to be embedded");
    expect(checkSummary({ cards: 3, unembedded: 0, duplicates: null })).toBe("checking for near-duplicates…");
    expect(checkSummary({ cards: 3, unembedded: 0, duplicates: [] })).toBe("no near-duplicates");
    expect(checkSummary({ cards: 3, unembedded: 0, duplicates: [flag(null), flag(null)] })).toBe("2 possible duplicates");
    expect(checkSummary({ cards: 3, unembedded: 0, duplicates: [flag("marked not duplicates"), flag(null)] })).toBe("2 possible duplicates — 1 settled");
    expect(checkSummary({ cards: 3, unembedded: 0, duplicates: [flag("the new card is suspended")] })).toBe("1 possible duplicate — all settled");
  });
});

describe("changedFilesText", () => {
  it("names the first three files and counts the rest", () => {
    expect(changedFilesText(["a.md"])).toBe("a.md");
    expect(changedFilesText(["a.md", "b.md", "c.md"])).toBe("a.md, b.md, c.md");
    expect(changedFilesText(["a.md", "b.md", "c.md", "d.md"])).toBe("a.md, b.md, c.md and 1 more file");
    expect(changedFilesText(["a.md", "b.md", "c.md", "d.md", "e.md"])).toBe("a.md, b.md, c.md and 2 more files");
  });
});
