import { describe, expect, it } from "vitest";
import { matchCards, textSimilarity } from "../../lib/importer/identity";

const existing = (id: string, frontKey: string, back = "b", kind = "basic") => ({ id, frontKey, back, kind });
const candidate = (frontKey: string, back = "b", kind = "basic") => ({ frontKey, back, kind });

describe("card identity across re-imports", () => {
  it("keeps the id when only the answer changed", () => {
    const plan = matchCards([existing("c1", "what is an embedding", "old answer")], [candidate("what is an embedding", "a new, longer answer")]);
    expect(plan.matched.get(0)).toBe("c1");
    expect(plan.created).toEqual([]);
    expect(plan.unmatched).toEqual([]);
  });

  it("keeps ids when cards move around within the file", () => {
    const plan = matchCards(
      [existing("a", "what is a"), existing("b", "what is b"), existing("c", "what is c")],
      [candidate("what is c"), candidate("what is a"), candidate("what is b")],
    );
    expect([0, 1, 2].map((i) => plan.matched.get(i))).toEqual(["c", "a", "b"]);
  });

  it("keeps the id through a typo fix in the question", () => {
    const plan = matchCards([existing("c1", "what is the purpse of layer normalisation")], [candidate("what is the purpose of layer normalisation")]);
    expect(plan.matched.get(0)).toBe("c1");
  });

  it("treats a different question as a new card and retires the old one", () => {
    const plan = matchCards([existing("c1", "what is dropout")], [candidate("how does beam search decode")]);
    expect(plan.created).toEqual([0]);
    expect(plan.unmatched).toEqual(["c1"]);
  });

  it("gives each card of a reversed pair back its own id", () => {
    const plan = matchCards(
      [existing("fwd", "paris", "capital of france", "reversed"), existing("rev", "capital of france", "paris", "reversed")],
      [candidate("capital of france", "paris", "reversed"), candidate("paris", "capital of france", "reversed")],
    );
    expect(plan.matched.get(0)).toBe("rev");
    expect(plan.matched.get(1)).toBe("fwd");
  });

  it("brings back a retired card when its text returns (the caller passes retired cards too)", () => {
    const plan = matchCards([existing("old", "what is a transformer")], [candidate("what is a transformer")]);
    expect(plan.matched.get(0)).toBe("old");
  });

  it("pairs similar fronts best-first, not in file order", () => {
    const plan = matchCards(
      [existing("x", "what is the bias variance tradeoff"), existing("y", "what is the bias variance trade off in ml")],
      [candidate("what is the bias variance trade-off in ml"), candidate("what is the bias variance tradeof")],
    );
    expect(plan.matched.get(0)).toBe("y");
    expect(plan.matched.get(1)).toBe("x");
  });
});

describe("textSimilarity", () => {
  it("is 1 for equal strings and low for unrelated ones", () => {
    expect(textSimilarity("abc", "abc")).toBe(1);
    expect(textSimilarity("what is dropout", "how does beam search decode")).toBeLessThan(0.3);
    expect(textSimilarity("a", "b")).toBe(0);
  });
});
