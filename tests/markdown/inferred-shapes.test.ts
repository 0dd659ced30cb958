import { describe, expect, it } from "vitest";
import { cards, fronts, md, sides } from "./helpers";

describe("question headings", () => {
  it("any level, numbering and bold removed; back runs to the next heading of the same or higher level", () => {
    const note = md(
      "## 1. What is X?",
      "X is a thing that does stuff.",
      "### Details",
      "More about X.",
      "## 2. **How does Y work?**",
      "#### Answer:",
      "Y works by magic.",
      "## Q3. Define Z",
      "Z is the last letter.",
      "## **12.** Explain W.",
      "W is double-u.",
      "# . Why is the number missing?",
      "Lost in conversion.",
    );
    expect(sides(note)).toEqual([
      ["What is X?", "X is a thing that does stuff.\n\n#### Details\n\nMore about X."],
      ["How does Y work?", "Y works by magic."],
      ["Define Z", "Z is the last letter."],
      ["Explain W.", "W is double-u."],
      ["Why is the number missing?", "Lost in conversion."],
    ]);
  });

  it("records the line range of the whole section", () => {
    const [card] = cards(md("# Title", "", "## Why is the sky blue?", "", "Rayleigh scattering.", "", "## Other", "text here is long enough"));
    expect([card.startLine, card.endLine]).toEqual([3, 5]);
  });

  it("numbered questions of mixed levels stay separate cards", () => {
    const note = md("# 2. Compare A and B.", "## A:", "- a", "## 3. Explain C.", "C text.", "#### 4. What is D?", "D text.");
    expect(fronts(note)).toEqual(["Compare A and B.", "Explain C.", "What is D?"]);
  });

  it("keeps code fences, tables and math in the back", () => {
    const note = md("## What is the quadratic formula?", "", "$$x = \\frac{-b}{2a}$$", "", "| a | b |", "|---|---|", "| 1 | 2 |", "", "```python", "print(1)", "```");
    expect(sides(note)).toEqual([["What is the quadratic formula?", "$$x = \\frac{-b}{2a}$$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```"]]);
  });

  it("empty headings and headings without content are not cards", () => {
    expect(cards(md("## What is empty?", "## Empty heading", "##", "## Another?"))).toEqual([]);
  });
});

describe("question lines in exports", () => {
  it("a standalone line ending in '?' followed by answer paragraphs; the export's furniture is dropped", () => {
    const note = md(
      "corp/Corpus/Various/What is it.md",
      "",
      "17 KiB",
      "Raw Blame History",
      "",
      "What is an embedding model?",
      "",
      "What are LLM Embeddings? - Iguazio Demystifying Embedding Spaces using Large Language Models How to Choose the Best Embedding Model",
      "",
      "An embedding model maps text to dense vectors that capture meaning.",
      "",
      "how do I pick one?docs.example.com",
      "",
      "[",
      "",
      "Choosing a model - Docs",
      "",
      "](https://docs.example.com/choose)",
      "",
      "Compare them on a benchmark such as MTEB.",
    );
    expect(sides(note)).toEqual([
      ["What is an embedding model?", "An embedding model maps text to dense vectors that capture meaning."],
      ["How do I pick one?", "Compare them on a benchmark such as MTEB."],
    ]);
  });

  it("whole-line bold questions and bold-led paragraphs; list items ending in '?' with children", () => {
    const note = md(
      "**What is a mutex?**",
      "",
      "A lock that allows one thread at a time.",
      "",
      "**Why use it?** To avoid races between threads.",
      "",
      "- What does it guard?",
      "  - Shared state",
    );
    expect(sides(note)).toEqual([
      ["What is a mutex?", "A lock that allows one thread at a time."],
      ["Why use it?", "To avoid races between threads."],
      ["What does it guard?", "- Shared state"],
    ]);
  });

  it("a question line with its answer right below it, no blank line between; a leading emoji is a bullet", () => {
    const note = md(
      "# Concurrency",
      "",
      "What is a semaphore?",
      "A counter that limits how many threads enter a section at once.",
      "",
      "❓ What is a barrier?",
      "✅ A point where threads wait until all of them arrive.",
    );
    expect(sides(note)).toEqual([
      ["What is a semaphore?", "A counter that limits how many threads enter a section at once."],
      ["What is a barrier?", "✅ A point where threads wait until all of them arrive."],
    ]);
    // Questions one per line are a list to prepare, not a question answered by the next one; prose
    // whose first wrapped line happens to end on a question is prose.
    expect(sides(md("Interview questions to prepare:", "", "What is a mutex?", "What is a spinlock?", "What is a futex?"))).toEqual([]);
    expect(sides(md("Caching looks simple. But what happens on a miss?", "The request goes to the database and the cache fills on the way back."))).toEqual([]);
  });

  it("behavioural prompts on bold lines ask without a '?', and their first-person answers are the answers", () => {
    const note = md(
      "# Behavioural interview",
      "",
      "**Tell me about a time you disagreed with your manager.**",
      "",
      "I proposed cutting scope before the release; we agreed on a phased launch.",
      "",
      "**Describe a project you are proud of**",
      "",
      "I led the billing migration and we halved the incidents.",
      "",
      "**What should I eat today?**",
      "",
      "I had pasta with my friends at noon and I felt great afterwards.",
    );
    expect(sides(note)).toEqual([
      ["Tell me about a time you disagreed with your manager.", "I proposed cutting scope before the release; we agreed on a phased launch."],
      ["Describe a project you are proud of", "I led the billing migration and we halved the incidents."],
    ]);
  });

  it("chat exports: turn labels separate the question from its answer", () => {
    const note = md("You said:", "What is a vector database?", "ChatGPT said:", "", "It stores embeddings and finds nearest neighbours.", "", "You said:", "How does HNSW work?", "", "ChatGPT said:", "", "It walks a layered graph greedily.");
    expect(sides(note)).toEqual([
      ["What is a vector database?", "It stores embeddings and finds nearest neighbours."],
      ["How does HNSW work?", "It walks a layered graph greedily."],
    ]);
  });

  it("numbered list questions with the answer indented below", () => {
    const note = md("1. What is a mutex used for?", "   It guards a critical section.", "2. What is a semaphore?", "   A counter limiting concurrent access.", "3. Name three scheduling policies");
    expect(sides(note)).toEqual([
      ["What is a mutex used for?", "It guards a critical section."],
      ["What is a semaphore?", "A counter limiting concurrent access."],
    ]);
  });

  it("a very short question heading carries its context", () => {
    expect(fronts(md("# Photosynthesis", "", "## Why?", "", "Plants need sugar to grow and store energy."))).toEqual(["Why? (Photosynthesis)"]);
  });

  it("a question with no answer before the next question is not a card", () => {
    expect(fronts(md("What is A?", "", "What is B?", "", "B is bee."))).toEqual(["What is B?"]);
  });
});

describe("topics and terms", () => {
  it("a topic section with study content asks about the topic in its context", () => {
    const note = md("# Networking", "", "## TCP", "", "TCP is a connection-oriented protocol that guarantees ordered delivery.", "", "## Links", "", "- [RFC 793](https://example.com)");
    expect(cards(note).map((c) => [c.front, c.kind])).toEqual([["Explain: Networking › TCP", "topic"]]);
  });

  it("definition bullets become term cards; a section made only of them gets no topic card too", () => {
    const note = md(
      "# Biology terms",
      "",
      "- **Mitochondria**: organelle that produces ATP through respiration.",
      "- **Ribosome:** site of protein synthesis in the cell.",
      "- Nucleus: holds the genetic material of the cell.",
    );
    expect(cards(note).map((c) => [c.front, c.back, c.kind])).toEqual([
      ["Define: Mitochondria (Biology terms)", "organelle that produces ATP through respiration.", "term"],
      ["Define: Ribosome (Biology terms)", "site of protein synthesis in the cell.", "term"],
      ["Define: Nucleus (Biology terms)", "holds the genetic material of the cell.", "term"],
    ]);
  });

  it("definition lists and bold terms with a dash", () => {
    expect(sides(md("Apple", ": A red fruit that grows on trees."))).toEqual([["Define: Apple", "A red fruit that grows on trees."]]);
    expect(sides(md("## Protocols", "", "- **TCP** - reliable, ordered byte stream over IP.", "- **UDP** - connectionless datagrams."))).toEqual([
      ["Define: TCP (Protocols)", "reliable, ordered byte stream over IP."],
      ["Define: UDP (Protocols)", "connectionless datagrams."],
    ]);
  });

  it("problem/remedy pairs in lists ask for the remedy", () => {
    const note = md(
      "## Challenges and Mitigations",
      "- **Challenge**: Embedding drift due to evolving language.",
      "  - **Mitigation**: Periodically retrain on new data.",
      "- Problem: High storage costs.",
      "- Solution: Reduce dimensionality with PCA.",
    );
    expect(sides(note)).toEqual([
      ["Embedding drift due to evolving language — mitigation?", "Periodically retrain on new data."],
      ["High storage costs — solution?", "Reduce dimensionality with PCA."],
    ]);
  });

  it("note metadata lines are not terms", () => {
    expect(fronts(md("Course: Machine Learning 101", "Professor: Jane Doe", "", "## Gradient descent", "", "Moves parameters against the gradient of the loss."))).toEqual([
      "Explain: Gradient descent",
    ]);
  });

  it("generic labels and reports of what someone did are not terms", () => {
    const note = md(
      "## Pipeline",
      "",
      "- **Definition**: the steps from raw text to vectors in our system.",
      "- **Optimization**: Used mixed-precision training to save memory.",
      "- **Output**: 768-dimensional vectors per input text.",
    );
    expect(cards(note).filter((c) => c.kind === "term")).toEqual([]);
    expect(fronts(note)).toEqual(["Explain: Pipeline"]);
  });

  it("sub-topics with their own cards are listed, not repeated, in the parent's back; numbering beats heading levels", () => {
    const note = md(
      "# 1. Quantization",
      "Quantization maps high-precision values to fewer bits to save memory.",
      "## 1. Post-Training Quantization:",
      "Applied after training without retraining.",
      "#### 2. Quantization-Aware Training:",
      "Simulates quantization during training.",
      "## 2. Pruning",
      "Removes weights with small magnitude from the network.",
    );
    const parsed = cards(note);
    expect(parsed.map((c) => c.front)).toEqual([
      "Explain: Quantization",
      "Explain: Quantization › Post-Training Quantization",
      "Explain: Quantization › Quantization-Aware Training",
      "Explain: Pruning",
    ]);
    expect(parsed[0].back).toBe(
      "Quantization maps high-precision values to fewer bits to save memory.\n\n* Post-Training Quantization\n* Quantization-Aware Training",
    );
  });

  it("a generic sub-heading written at a higher level stays with its numbered item", () => {
    const note = md("## 17. Handling long contexts", "## **Challenges:**", "Attention is quadratic in sequence length.", "# **Techniques:**", "- Sparse attention patterns", "- Sliding windows", "## 18. Evaluation", "Perplexity and BLEU measure quality.");
    expect(cards(note).map((c) => [c.front, c.endLine])).toEqual([
      ["Explain: Handling long contexts", 6],
      ["Explain: Evaluation", 8],
    ]);
  });
});

describe("not cards", () => {
  it("diary lines, calorie lists, TODO and checkbox lists, navigation links", () => {
    const note = md(
      "# 2024-10-01",
      "",
      "Woke up at 7. Went to the gym. I had a great breakfast and I met my friend.",
      "",
      "## How do vaccines work?",
      "",
      "They train the immune system with a harmless antigen.",
      "",
      "---",
      "",
      "Puchao 200",
      "Sushi bowl 800",
      "Protein bar 200",
      "",
      "Total 1200 kcal",
      "",
      "TODO:",
      "",
      "- Postpone the dentist appointment",
      "- [ ] Call mom",
      "",
      "## Morning",
      "",
      "I went running and I felt great about my progress today.",
      "",
      "[index](../index.html)",
      "[20240930](20240930.html)",
    );
    expect(sides(note)).toEqual([["How do vaccines work?", "They train the immune system with a harmless antigen."]]);
  });

  it("tables of contents, badges, licences and references", () => {
    const note = md(
      "# MyLib",
      "",
      "[![Build](https://img.shields.io/badge/build-passing-green.svg)](https://ci.example.com)",
      "",
      "## Table of Contents",
      "",
      "- [Install](#install)",
      "- [Usage](#usage)",
      "",
      "## Usage",
      "",
      "Call `mylib.run()` to start the engine; it resolves when the engine is ready.",
      "",
      "## References",
      "",
      "1. Smith, J. A paper about engines and why they start. 2020.",
      "",
      "## License",
      "",
      "MIT",
    );
    expect(fronts(note)).toEqual(["Explain: MyLib › Usage"]);
  });

  it("a note with explicit cards gets exactly those (no inferred topic cards)", () => {
    const note = md("## Overview of cells", "Background: cells are the unit of life and this is long.", "", "Cell::unit of life");
    expect(fronts(note)).toEqual(["Cell"]);
  });

  it("recall-infer: true adds inferred cards to explicit ones; false turns inference off", () => {
    const both = md("---", "recall-infer: true", "---", "## Why do cells divide?", "To grow and repair tissue.", "", "Cell::unit of life");
    expect(fronts(both)).toEqual(["Why do cells divide?", "Cell"]);
    const none = md("---", "recall-infer: false", "---", "## Why do cells divide?", "To grow and repair tissue.");
    expect(fronts(none)).toEqual([]);
  });
});
