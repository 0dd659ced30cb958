import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS } from "../../lib/search";
import { normaliseQuery, queryWords } from "../../lib/search/query-text";

describe("queryWords", () => {
  it("splits a query into distinct words to include and -words to exclude, never operators", () => {
    expect(queryWords('Overfitting "training set" -dropout OR or max_tokens overfitting')).toEqual({
      include: ["overfitting", "training", "set", "max_tokens"],
      exclude: ["dropout"],
    });
    expect(queryWords("' & ! :* --")).toEqual({ include: ["'", "&", "!", ":*"], exclude: [] });
  });
});

describe("normaliseQuery", () => {
  it("collapses whitespace and cuts long queries at a word boundary", () => {
    expect(normaliseQuery("  a \n\t b  ")).toBe("a b");
    const long = normaliseQuery("word ".repeat(30_000));
    expect(long.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(long.endsWith("word")).toBe(true);
  });
});
