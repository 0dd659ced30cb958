import { describe, expect, it } from "vitest";
import { cardsFromMarkdown, deckFromPath, normaliseFront } from "@/lib/markdown";
import { cards, md } from "./helpers";

describe("tags", () => {
  it("frontmatter tags (list or string), tag-only lines and the card's own #tags; lowercase, no '#'", () => {
    const note = md("---", "tags: [ML, '#Deep']", "---", "#extra #more", "", "term::def #Inline", "other::thing");
    expect(cards(note).map((c) => c.tags)).toEqual([
      ["ml", "deep", "extra", "more", "inline"],
      ["ml", "deep", "extra", "more"],
    ]);
    expect(cards(md("---", "tags: a, b", "---", "x::y"))[0].tags).toEqual(["a", "b"]);
  });

  it("ignores #tags in code, URL fragments, headings and card-marker tags", () => {
    const note = md("# Heading", "", "What is `#notatag` in https://x.com/page#frag? #flashcard", "answer line #real");
    expect(cards(note).map((c) => c.tags)).toEqual([["real"]]);
  });
});

describe("decks", () => {
  it("only when the note names one: frontmatter deck, else none (the importer uses the folder)", () => {
    expect(cards(md("---", "deck: Languages::French", "---", "a::b"))[0].deck).toBe("Languages/French");
    expect(cards("a::b\n")[0].deck).toBeUndefined();
  });

  it("nested #flashcards/a/b tags name the deck for the cards after them, or for their own line", () => {
    const note = md("#flashcards/ml/nlp", "", "A::B", "", "#flashcards/bio", "C::D", "#flashcards/x E::F");
    expect(cards(note).map((c) => [c.front, c.deck])).toEqual([
      ["A", "ml/nlp"],
      ["C", "bio"],
      ["E", "x"],
    ]);
  });

  it("deckFromPath: '/'-separated folders plus the file name", () => {
    expect(deckFromPath("interview/ml.md")).toBe("interview/ml");
    expect(deckFromPath("notes.md")).toBe("notes");
    expect(deckFromPath("./a\\b/c.markdown")).toBe("a/b/c");
    expect(deckFromPath("a/../b.md")).toBe("b");
  });
});

describe("card content", () => {
  it("relative images resolve against the note's folder; Obsidian embeds become images", () => {
    const [card] = cards("What is shown?::![diagram](img/a.png) ![[b.png|300]] ![web](https://x.com/c.png) ![up](../up.png)\n");
    expect(card.back).toBe("![diagram](notes/deck/img/a.png) ![b.png](notes/deck/b.png) ![web](https://x.com/c.png) ![up](notes/up.png)");
  });

  it("records source line ranges (1-based, inclusive) and a sibling key shared within a block", () => {
    const parsed = cardsFromMarkdown(md("intro", "", "a:::b", "c::d"), { path: "x.md" }).cards;
    expect(parsed.map((c) => [c.startLine, c.endLine, c.siblingKey])).toEqual([
      [3, 3, "L3"],
      [3, 3, "L3"],
      [4, 4, "L4"],
    ]);
  });

  it("reports the note title and frontmatter", () => {
    const note = cardsFromMarkdown(md("---", "title: Cells", "author: me", "---", "# Ignored heading", "a::b"), { path: "x.md" });
    expect(note.title).toBe("Cells");
    expect(note.frontmatter).toEqual({ title: "Cells", author: "me" });
  });

  it("invalid frontmatter is a warning with its line; the note still imports", () => {
    const note = cardsFromMarkdown(md("---", "tags: [unclosed", "---", "a::b"), { path: "x.md" });
    expect(note.cards.map((c) => c.front)).toEqual(["a"]);
    expect(note.issues).toEqual([expect.objectContaining({ path: "x.md", severity: "warning", message: expect.stringMatching(/frontmatter is not valid YAML/) })]);
  });
});

describe("passages", () => {
  it("section-sized chunks with their heading path; furniture left out", () => {
    const note = cardsFromMarkdown(
      md("# Cells", "", "Cells are the unit of life.", "", "## Mitochondria", "", "They make ATP.", "", "- [ ] buy milk", "", "## References", "", "- [Paper](https://x.com)"),
      { path: "bio.md" },
    );
    expect(note.passages).toEqual([
      { text: "Cells are the unit of life.", headingPath: ["Cells"], startLine: 3, endLine: 3 },
      { text: "They make ATP.", headingPath: ["Cells", "Mitochondria"], startLine: 7, endLine: 7 },
    ]);
  });

  it("long sections split at paragraph boundaries under 1200 characters", () => {
    const paragraph = "A sentence about cells that is long enough. ".repeat(10).trim();
    const note = cardsFromMarkdown(md("# Long", "", ...Array.from({ length: 8 }, () => [paragraph, ""]).flat()), { path: "l.md" });
    expect(note.passages.length).toBeGreaterThan(2);
    for (const p of note.passages) expect(p.text.length).toBeLessThanOrEqual(1200);
  });
});

describe("normaliseFront", () => {
  it("ignores case, Markdown decoration, numbering, punctuation and whitespace runs", () => {
    expect(normaliseFront("**12. What is an  Embedding?**")).toBe("what is an embedding");
    expect(normaliseFront("Q3: what is an embedding")).toBe("what is an embedding");
    expect(normaliseFront("## What is `an` [embedding](x.md)?")).toBe("what is an embedding");
    expect(normaliseFront("Café, naïve")).toBe("cafe naive");
  });
});
