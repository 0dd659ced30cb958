import { describe, expect, it } from "vitest";
import { foldRepeatedPassages, type SearchResult } from "../../lib/search";

const card = (id: string, score: number, lines: [number, number], front: string, back: string, highlights: string[] = []): SearchResult => ({
  type: "card",
  id,
  front,
  back,
  deck: "ml",
  score,
  source: { path: "ml.md", startLine: lines[0], endLine: lines[1] },
  highlights,
});
const passage = (id: string, score: number, lines: [number, number], text: string, highlights: string[] = [], path = "ml.md"): SearchResult => ({
  type: "passage",
  id,
  text,
  deck: "ml",
  score,
  source: { path, startLine: lines[0], endLine: lines[1] },
  highlights,
});

describe("foldRepeatedPassages", () => {
  const overfitting = card("c1", 0.44, [10, 20], "What is overfitting?", "A model that memorizes its training data and fails to generalise.", ["memorizes"]);

  it("folds a passage that repeats a card from the same lines into the card, at the passage's better place", () => {
    const results = [
      passage("p1", 0.48, [12, 13], "A model that memorizes its training data.", ["memorizes", "training"]),
      card("c2", 0.46, [30, 31], "What is dropout?", "Randomly zeroing activations."),
      overfitting,
    ];
    expect(foldRepeatedPassages(results)).toEqual([{ ...overfitting, score: 0.48, highlights: ["memorizes", "training"] }, results[1]]);
  });

  it("keeps a passage from other lines, another note, or with words the card lacks", () => {
    const results = [
      overfitting,
      passage("elsewhere", 0.4, [40, 41], "A model that memorizes its training data."),
      passage("other-note", 0.39, [12, 13], "A model that memorizes its training data.", [], "other.md"),
      passage("more", 0.38, [18, 25], "Overfitting: early stopping, dropout, weight decay, data augmentation and smaller models all help."),
    ];
    expect(foldRepeatedPassages(results)).toEqual(results);
  });

  it("keeps order and scores when nothing repeats", () => {
    expect(foldRepeatedPassages([])).toEqual([]);
    const results = [card("a", 0.9, [1, 2], "A?", "a"), passage("p", 0.5, [5, 6], "b c d")];
    expect(foldRepeatedPassages(results)).toEqual(results);
  });
});
