import { describe, expect, it } from "vitest";
import { cards, md, sides } from "./helpers";

describe("Obsidian Spaced Repetition separators", () => {
  it("front::back is one card", () => {
    expect(sides("Capital of France::Paris\n")).toEqual([["Capital of France", "Paris"]]);
  });

  it("front:::back is a reversed pair of siblings", () => {
    const pair = cards("Hund:::dog\n");
    expect(pair.map((c) => [c.front, c.back, c.kind])).toEqual([
      ["Hund", "dog", "reversed"],
      ["dog", "Hund", "reversed"],
    ]);
    expect(pair[0].siblingKey).toBe(pair[1].siblingKey);
  });

  it("a list marker is not part of the front", () => {
    expect(sides("- Mitochondria::powerhouse of the cell\n")).toEqual([["Mitochondria", "powerhouse of the cell"]]);
  });

  it("multi-line: front since the previous blank line, ? line, back until the next blank line", () => {
    const note = md("Intro paragraph.", "", "What is the", "longest river?", "?", "The Nile", "in Africa", "", "After.");
    expect(cards(note).map((c) => [c.front, c.back, c.startLine, c.endLine])).toEqual([
      ["What is the\nlongest river?", "The Nile\nin Africa", 3, 7],
    ]);
  });

  it("multi-line ?? makes a reversed pair", () => {
    expect(sides(md("Red", "??", "Rouge"))).toEqual([
      ["Red", "Rouge"],
      ["Rouge", "Red"],
    ]);
  });

  it(":: inside inline code or fenced code is never a separator, and fences are not scanned", () => {
    const note = md("Use `std::move` to move.", "", "```cpp", "a::b", "q", "?", "x", "```", "", "std::vector<int> v;", "", "Style p::before with content.", "", "Great job :smile::tada:");
    expect(cards(note).filter((c) => c.shape !== "topic")).toEqual([]);
  });

  it("separators come from options and per-note frontmatter", () => {
    expect(sides("front;;back\nnot::card\n", { inline: ";;" })).toEqual([["front", "back"]]);
    const note = md("---", "recall-separators:", '  inline: ";;"', "  inlineReversed: ';;;'", "---", "a;;b", "c;;;d");
    expect(sides(note)).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["d", "c"],
    ]);
  });

  it("a broken recall-separators value is reported, and defaults apply", () => {
    const note = md("---", "recall-separators:", "  inline: 3", "---", "a::b");
    const parsed = cards(note);
    expect(parsed.map((c) => c.front)).toEqual(["a"]);
  });
});

describe("cloze deletions", () => {
  it("==highlight== gives one card per deletion, the others shown", () => {
    expect(sides("The capital of ==France== is ==Paris==.\n")).toEqual([
      ["The capital of [...] is Paris.", "The capital of **France** is Paris."],
      ["The capital of France is [...].", "The capital of France is **Paris**."],
    ]);
  });

  it("clozes of one block are siblings", () => {
    const [a, b] = cards("The capital of ==France== is ==Paris==.\n");
    expect(a.kind).toBe("cloze");
    expect(a.siblingKey).toBe(b.siblingKey);
  });

  it("{{c1::…}} with the same number hide together; ::hint shows the hint", () => {
    expect(sides("Mitochondria are the {{c1::powerhouse}} of the {{c2::cell::organelle}} and {{c1::make ATP}}.\n")).toEqual([
      ["Mitochondria are the [...] of the cell and [...].", "Mitochondria are the **powerhouse** of the cell and **make ATP**."],
      ["Mitochondria are the powerhouse of the [organelle] and make ATP.", "Mitochondria are the powerhouse of the **cell** and make ATP."],
    ]);
  });

  it("comparisons written without code marks are not highlights", () => {
    expect(cards("Check if a==b and c==d before merging.\n").filter((c) => c.kind === "cloze")).toEqual([]);
  });

  it("ordinary bold in a study note is never a cloze", () => {
    expect(cards("Transformers use **self-attention** to weigh tokens.\n").filter((c) => c.kind === "cloze")).toEqual([]);
  });

  it("**bold** clozes in a note tagged #flashcards, or when enabled", () => {
    expect(sides(md("#flashcards", "", "Bold **cloze** here."))).toEqual([["Bold [...] here.", "Bold **cloze** here."]]);
    expect(sides("Bold **cloze** here.\n", { clozeBold: true })).toEqual([["Bold [...] here.", "Bold **cloze** here."]]);
  });

  it("each list item is its own cloze block", () => {
    expect(sides(md("- ==Paris== is in France", "- ==Madrid== is in Spain")).map(([f]) => f)).toEqual(["[...] is in France", "[...] is in Spain"]);
  });
});

describe("labelled questions and answers", () => {
  it("Q:/A:, bold labels, numbered labels, Question:/Answer:", () => {
    const note = md(
      "Q: What is 2+2?",
      "A: 4",
      "",
      "**Q:** Capital of Peru?",
      "**A:** Lima",
      "",
      "**Q**: Capital of Chile?",
      "**A**: Santiago",
      "",
      "Q1: First?",
      "A1: One",
      "",
      "Question: Why?",
      "",
      "Answer: Because.",
      "More answer.",
    );
    expect(sides(note)).toEqual([
      ["What is 2+2?", "4"],
      ["Capital of Peru?", "Lima"],
      ["Capital of Chile?", "Santiago"],
      ["First?", "One"],
      ["Why?", "Because.\nMore answer."],
    ]);
  });

  it("an answer spans paragraphs but stops at a card written another way", () => {
    const note = md("Q: Why?", "A: Because.", "", "More on why.", "", "Term::definition", "", "The capital of ==France== is Paris.");
    expect(cards(note).map((c) => [c.shape, c.front, c.back])).toEqual([
      ["qa-label", "Why?", "Because.\n\nMore on why."],
      ["inline-separator", "Term", "definition"],
      ["cloze", "The capital of [...] is Paris.", "The capital of **France** is Paris."],
    ]);
  });

  it("<details><summary> is a card, on one line or many", () => {
    const note = md("<details><summary>What is X?</summary>X is **y**.</details>", "", "<details>", "<summary>Multi?</summary>", "", "Line one", "", "- item", "</details>");
    expect(sides(note)).toEqual([
      ["What is X?", "X is **y**."],
      ["Multi?", "Line one\n\n- item"],
    ]);
  });

  it(":p question ??x answer x?? on one line or many", () => {
    const note = md("Background context: not part of the card.", "", ":p Inline question? ??x inline answer x??", "", ":p Multi", "line?", "??x", "Answer with code:", "```python", "x = 1", "```", "x??");
    expect(sides(note)).toEqual([
      ["Inline question?", "inline answer"],
      ["Multi line?", "Answer with code:\n```python\nx = 1\n```"],
    ]);
  });
});

describe("Obsidian_to_Anki and Anki", () => {
  it("START/Basic/Back:/END blocks with TARGET DECK; <!--ID--> is not text", () => {
    const note = md("TARGET DECK: Bio::Cells", "", "START", "Basic", "What is a cell?", "Back: The unit of life.", "<!--ID: 12345-->", "END");
    const [card] = cards(note);
    expect([card.front, card.back, card.deck, card.startLine, card.endLine]).toEqual(["What is a cell?", "The unit of life.", "Bio/Cells", 3, 8]);
  });

  it("TARGET_DECK: on one line, or TARGET DECK with the name on the next", () => {
    expect(cards(md("TARGET_DECK: Languages::German", "", "START", "Basic", "Hund", "Back: dog", "END"))[0].deck).toBe("Languages/German");
    expect(cards(md("TARGET DECK", "Physics", "", "START", "Basic", "F = ?", "Back: m a", "END"))[0].deck).toBe("Physics");
  });

  it("a reversed note type makes a pair; renamed delimiters are configurable", () => {
    const note = md("START_CARD", "Basic (and reversed card)", "Front: Heart", "Back: Herz", "END_CARD");
    expect(sides(note)).toEqual([
      ["Heart", "Herz"],
      ["Herz", "Heart"],
    ]);
    expect(sides(md("BEGIN", "Basic", "Q", "Back: A", "FINISH"), { blockStart: ["BEGIN"], blockEnd: ["FINISH"] })).toEqual([["Q", "A"]]);
  });

  it("an unterminated START block is reported, not imported", () => {
    const parsed = cards(md("START", "Basic", "Q", "Back: A"));
    expect(parsed).toEqual([]);
  });

  it("Question #flashcard followed by back lines up to a blank line", () => {
    expect(sides(md("What is osmosis? #flashcard", "Diffusion of water", "across a membrane", "", "Unrelated paragraph."))).toEqual([
      ["What is osmosis?", "Diffusion of water\nacross a membrane"],
    ]);
  });

  it("Anki plain-text export with #separator and #deck headers", () => {
    const parsed = cards(md("#separator:tab", "#html:true", "#deck:Lang::French", "bonjour\thello<br>hi", "merci\tthanks"));
    expect(parsed.map((c) => [c.front, c.back, c.deck])).toEqual([
      ["bonjour", "hello\nhi", "Lang/French"],
      ["merci", "thanks", "Lang/French"],
    ]);
  });
});

describe("tables, callouts and exports", () => {
  it("a table with Question/Answer-like headers is a card per row; other tables are not", () => {
    const note = md("| Word | Meaning |", "|---|---|", "| chat | cat |", "| chien | dog<br>hound |", "", "| Feature | Value |", "|---|---|", "| a | b |");
    expect(cards(note).map((c) => [c.front, c.back, c.startLine])).toEqual([
      ["chat", "cat", 3],
      ["chien", "dog\nhound", 4],
    ]);
  });

  it("Obsidian question callouts: > [!question]- title, answer on the > lines", () => {
    const note = md("> [!question]- What is a monad?", "> A monoid in the category of endofunctors.", "> - with laws", "", "> [!note] Just a note", "> text");
    expect(sides(note)).toEqual([["What is a monad?", "A monoid in the category of endofunctors.\n- with laws"]]);
  });

  it("Front:/Back: labels", () => {
    expect(sides(md("Front: What is DNS?", "Back: The internet's phone book."))).toEqual([["What is DNS?", "The internet's phone book."]]);
  });

  it("a note made only of term<TAB>definition lines (Quizlet export)", () => {
    expect(sides("chat\tcat\nchien\tdog\n")).toEqual([
      ["chat", "cat"],
      ["chien", "dog"],
    ]);
  });
});

describe("RemNote and Logseq", () => {
  it(">> forward, << backward, <> both, >>> with indented children", () => {
    const note = md("Photosynthesis >> makes sugar", "glucose << product of photosynthesis", "H2O <> water", "Concept >>>", "  - child one", "  - child two");
    expect(sides(note)).toEqual([
      ["Photosynthesis", "makes sugar"],
      ["product of photosynthesis", "glucose"],
      ["H2O", "water"],
      ["water", "H2O"],
      ["Concept", "- child one\n- child two"],
    ]);
  });

  it("Logseq - question #card with indented children as the back; card-* properties are the prior", () => {
    const note = md(
      "- What is a closure? #card",
      "  card-last-interval:: 4",
      "  card-ease-factor:: 2.6",
      "  card-next-schedule:: 2024-09-01T08:00:00.000Z",
      "  - A function with its environment",
      "    - nested detail",
      "- other block",
    );
    const [card] = cards(note);
    expect([card.front, card.back]).toEqual(["What is a closure?", "- A function with its environment\n  - nested detail"]);
    expect(card.prior).toEqual({ due: "2024-09-01", intervalDays: 4, ease: 2.6 });
  });
});

describe("metadata is never card text", () => {
  it("<!--SR:…--> becomes the prior schedule (ease 230 → 2.3), one per sibling", () => {
    const pair = cards("Hund:::dog <!--SR:!2024-08-16,51,230!2024-08-20,3,250-->\n");
    expect(pair.map((c) => [c.back, c.prior])).toEqual([
      ["dog", { due: "2024-08-16", intervalDays: 51, ease: 2.3 }],
      ["Hund", { due: "2024-08-20", intervalDays: 3, ease: 2.5 }],
    ]);
  });

  it("an SR comment on the line after a multi-line card", () => {
    const [card] = cards(md("Front", "?", "Back", "<!--SR:!2024-01-02,4,250-->"));
    expect([card.back, card.prior]).toEqual(["Back", { due: "2024-01-02", intervalDays: 4, ease: 2.5 }]);
  });

  it("frontmatter sr-due/sr-interval/sr-ease apply to cards without their own", () => {
    const [card] = cards(md("---", "sr-due: 2024-03-01", "sr-interval: 10", "sr-ease: 270", "---", "a::b"));
    expect(card.prior).toEqual({ due: "2024-03-01", intervalDays: 10, ease: 2.7 });
  });

  it("HTML comments, %% comments, frontmatter and <head> never reach a card", () => {
    const note = md(
      "---",
      "title: secret-frontmatter",
      "---",
      '<head><meta charset="UTF-8"></head>',
      "a <!-- hidden --> b::c %% private %%",
      "<!--",
      "x::y",
      "-->",
    );
    expect(sides(note)).toEqual([["a b", "c"]]);
  });
});
