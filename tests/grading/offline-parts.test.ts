import { describe, expect, it } from "vitest";
import { GradingCsvError, readGradingCsv } from "../../lib/grading/csv";
import { fitRidge, leaveGroupOutPredictions, predictLinear } from "../../lib/grading/regression";
import { scoreToRating, verdictForScore } from "../../lib/grading/rating";
import { pearson, rmse, spearman } from "../../lib/grading/stats";
import { isNonAnswer, referencePoints } from "../../lib/grading/text";

describe("scoreToRating: the documented grade → FSRS rating mapping", () => {
  it.each([
    [0, 1, "wrong"],
    [1.9, 1, "wrong"],
    [2, 2, "partly"],
    [2.9, 2, "partly"],
    [3, 3, "partly"],
    [4, 3, "correct"],
    [4.4, 3, "correct"],
    [4.5, 4, "correct"],
    [5, 4, "correct"],
  ] as const)("score %s → rating %s, verdict %s", (score, rating, verdict) => {
    expect(scoreToRating(score)).toBe(rating);
    expect(verdictForScore(score)).toBe(verdict);
  });
});

describe("referencePoints: what a reference answer asks for", () => {
  it.each([
    ["push and pop", ["push", "pop"]],
    ["Private and public.", ["Private", "public"]],
    ["At the main function.", ["At the main function"]],
    [
      "A constructor is called whenever an object is created, whereas a function needs to be called explicitely. Constructors do not have return type, but functions have to indicate a return type.",
      [
        "A constructor is called whenever an object is created",
        "a function needs to be called explicitely",
        "Constructors do not have return type",
        "functions have to indicate a return type",
      ],
    ],
    ["Traverse the left subtree, then the root, then the right subtree.", ["Traverse the left subtree", "the root", "the right subtree"]],
    // A long clause keeps its "and"/"or", and parentheses never split.
    [
      "Keep the top of the stack toward the end of the array, so the push and pop operations will add or remove elements from the right side of the array.",
      ["Keep the top of the stack toward the end of the array, so the push and pop operations will add or remove elements from the right side of the array"],
    ],
    ["The height of the tree (or log of the number of elements in the tree).", ["The height of the tree (or log of the number of elements in the tree)"]],
  ])("%s", (reference, points) => {
    expect(referencePoints(reference)).toEqual(points);
  });
});

describe("isNonAnswer", () => {
  it.each(["", "  ", "?", "...", "not answered", "No answer.", "I don't know", "idk", "N/A"])("%j is no answer", (answer) => {
    expect(isNonAnswer(answer)).toBe(true);
  });
  it.each(["main", "1", "no, it returns void", "None of them"])("%j is an answer", (answer) => {
    expect(isNonAnswer(answer)).toBe(false);
  });
});

describe("readGradingCsv", () => {
  it("reads RFC 4180 quoting (commas, quotes, newlines in fields), a BOM, and keeps extra columns", () => {
    const csv =
      '\uFEFFid,question,reference_answer,student_answer,score_avg\r\n' +
      '1,"What is a stack?","LIFO, push and pop","It is ""last in,\nfirst out""",4.5\r\n';
    expect(readGradingCsv(csv)).toEqual([
      { id: "1", question: "What is a stack?", reference_answer: "LIFO, push and pop", student_answer: 'It is "last in,\nfirst out"', score_avg: "4.5" },
    ]);
  });

  it("names the missing required column", () => {
    expect(() => readGradingCsv("question,reference_answer,answer\nq,r,a\n")).toThrow(GradingCsvError);
    expect(() => readGradingCsv("question,reference_answer,answer\nq,r,a\n")).toThrow(/no "student_answer" column/);
    expect(() => readGradingCsv("")).toThrow(/no "question", "reference_answer", "student_answer" columns/);
  });

  it("reports malformed CSV clearly", () => {
    expect(() => readGradingCsv('question,reference_answer,student_answer\n"q,r,a\n')).toThrow(/The grading CSV could not be read/);
  });
});

describe("agreement statistics and the ridge fit", () => {
  it("computes Pearson, Spearman (ties averaged) and RMSE", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 10);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 10);
    expect(spearman([1, 1, 2], [1, 1, 2])).toBeCloseTo(1, 10);
    expect(rmse([1, 2], [2, 4])).toBeCloseTo(Math.sqrt(2.5), 10);
  });

  it("recovers a linear relation, and leaves each group out of its own fit", () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i % 7, (i * 3) % 5]);
    const targets = rows.map(([a, b]) => 1 + 0.5 * a - 0.25 * b);
    const model = fitRidge(rows, targets, 1e-9);
    expect(predictLinear(model, [2, 4])).toBeCloseTo(1 + 1 - 1, 6);
    const groups = rows.map((_, i) => `g${i % 4}`);
    const seen: string[][] = [];
    leaveGroupOutPredictions(rows.map((row, i) => ({ row, group: groups[i] })), (item) => item.group, (train) => {
      seen.push([...new Set(train.map((t) => t.group))]);
      return () => 0;
    });
    expect(seen).toEqual([["g1", "g2", "g3"], ["g0", "g2", "g3"], ["g0", "g1", "g3"], ["g0", "g1", "g2"]]);
  });
});
