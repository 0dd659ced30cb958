import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cardsFromMarkdown } from "@/lib/markdown";

const contentDir = path.resolve(import.meta.dirname, "../../content");

function parse(file: string) {
  return cardsFromMarkdown(readFileSync(path.join(contentDir, file), "utf8"), { path: `content/${file}` });
}

describe("seed: a ready-made :p card file", () => {
  const note = parse("hands-on-llm-embedding-flashcards.md");

  it("yields exactly its 23 cards with their exact questions, and nothing else", () => {
    expect(note.cards.map((c) => c.front)).toEqual([
      "What are embedding models used for?",
      "What does accuracy mean for embedding models?",
      "What does semantic similarity imply?",
      "How is textual data converted to embeddings?",
      "Why do embeddings reside in high-dimensional spaces?",
      "How do embedding models help in text classification?",
      "How do embedding models facilitate semantic search?",
      "What does fine-tuning an embedding model involve?",
      "How is fine-tuning performed?",
      "Why are embedding models important?",
      "What is contrastive learning?",
      "How does contrastive learning handle similarity and dissimilarity between documents?",
      "How does the question format influence contrastive learning?",
      "How does one apply contrastive learning to embedding models?",
      "How would one set up contrastive learning for sentiment classification?",
      "What is the significance of considering alternatives in contrastive learning?",
      "What is contrastive learning?",
      "How does Word2Vec work?",
      "What is a cross-encoder?",
      "What problem does sentence-transformers solve?",
      "How does sentence-transformers use a Siamese architecture?",
      "What is the difference between a bi-encoder and a cross-encoder?",
      "How is the model trained in sentence-transformers?",
    ]);
    expect(note.issues).toEqual([]);
  });

  it("answers keep their code fence and lose the ??x / x?? markers", () => {
    const card = note.cards.find((c) => c.front === "How is fine-tuning performed?")!;
    expect(card.back).toContain("```python\ndef fine_tune_model(model, new_data):");
    expect(card.back).not.toMatch(/\?\?x|x\?\?/);
    expect([card.startLine, card.endLine]).toEqual([90, 99]);
  });
});

describe("seed: a diary page with one study section", () => {
  const note = parse("diary-2024-09-25.md");

  it("cards come only from the study section", () => {
    expect(note.cards.map((c) => c.front)).toEqual(["How embeddings are generated in the learning process", "How embeddings work in RAG"]);
  });

  it("no card or passage mentions calories, TODOs, the dentist or the navigation", () => {
    const text = [...note.cards.flatMap((c) => [c.front, c.back]), ...note.passages.map((p) => p.text)].join("\n");
    for (const furniture of [/kcal/i, /Puchao|Sushi|Protein/, /TODO|MUST/, /dentist/i, /Disjoint Set/i, /index\.html|20240924|20240926/, /<head|<meta/]) {
      expect(text).not.toMatch(furniture);
    }
  });
});

describe("seed: a chat/web export", () => {
  const note = parse("what-is-an-embedding-model-web-export.md");

  it("its four real questions become cards", () => {
    expect(note.cards.map((c) => c.front)).toEqual([
      "What is an embedding model?",
      "What are the benefits, from a users point of view, of fine-tuning an embedding model on a domain specific text corpus?",
      "How does the embedding model play a role in uploading documents to a workspace in AnythingLLM?",
      "Would AnythingLLM use the same model for document embedding as output embedding?",
    ]);
  });

  it("page furniture is in no card and no passage", () => {
    const text = [...note.cards.flatMap((c) => [c.front, c.back]), ...note.passages.map((p) => p.text)].join("\n");
    for (const furniture of ["Raw Blame History", "17 KiB", "iso27diy-corp/Corpus", "](https://docs.anythingllm.com", "Demystifying Embedding Spaces", "youtube"]) {
      expect(text).not.toContain(furniture);
    }
  });

  it("answers keep their content", () => {
    expect(note.cards[0].back).toMatch(/^An embedding model in the Large Language Model \(LLM\) space/);
    expect(note.cards[0].back).toContain("In summary, an embedding model");
  });
});

describe("seed: interview Q&A under numbered headings of mixed levels", () => {
  const note = parse("llm-interview-questions.md");
  const questions = note.cards.filter((c) => c.shape === "question-heading").map((c) => c.front);

  it("numbered question headings of any level become cards with clean fronts", () => {
    expect(questions).toEqual([
      "What is the fundamental concept of embeddings in machine learning?",
      "Compare and contrast word embeddings and sentence embeddings.",
      "Explain the concept of contextual embeddings.",
      "Discuss cross-modal embeddings.",
      "What are the challenges in training Large Language Models?",
      "Explain the concept of Reinforcement Learning from Human Feedback (RLHF).",
      "Name some popular LLM frameworks and libraries.",
      "How can models capture rare word representations effectively?",
      "What advancements are expected in the next generation of LLMs?",
      "How can pre-trained embeddings be used for transfer learning?",
      "How do retrieval-augmented generation (RAG) techniques enhance LLM capabilities?",
      "What is the significance of temperature and top-p sampling in LLM output generation?",
      "How do LLMs handle multi-turn conversations?",
      "What is fine-tuning with instruction data, and how does it differ from standard fine-tuning?",
      "Explain the concept of prompt engineering and its impact on LLM performance.",
      "How do LLMs implement multi-modal capabilities?",
      "What are the ethical challenges of deploying LLMs at scale?",
      "Explain parameter-efficient fine-tuning techniques for LLMs.",
      "How do sparse attention mechanisms help scale LLMs?",
      "What role do foundation models play in LLM ecosystems?",
    ]);
  });

  it("a back is the whole section, sub-headings included, without 'Answer:' labels", () => {
    const compare = note.cards.find((c) => c.front.startsWith("Compare and contrast"))!;
    expect(compare.back).toContain("Word Embeddings:");
    expect(compare.back).toContain("Sentence Embeddings:");
    expect(compare.back).not.toContain("Explain the concept of contextual embeddings");
    const rlhf = note.cards.find((c) => c.front.includes("RLHF"))!;
    expect(rlhf.back).toMatch(/^RLHF is a technique/);
    const multiTurn = note.cards.find((c) => c.front === "How do LLMs handle multi-turn conversations?")!;
    expect(multiTurn.back).toContain("Context Maintenance");
    expect(multiTurn.back).toContain("Managing context overflow");
  });

  it("topic headings become topic cards in context", () => {
    const topics = note.cards.filter((c) => c.kind === "topic").map((c) => c.front);
    expect(topics).toEqual(expect.arrayContaining(["Explain: Quantization", "Explain: Quantization › Post-Training Quantization", "Explain: Mitigating Hallucinations in LLMs"]));
    expect(topics.some((f) => /Part 7|Answer|Definition/.test(f))).toBe(false);
  });
});

describe("seed: a structured study note", () => {
  const note = parse("embedding-models-study-note.md");

  it("yields topic and term cards a student would want", () => {
    const fronts = note.cards.map((c) => c.front);
    expect(fronts).toEqual(
      expect.arrayContaining([
        "Explain: Embedding Models and LLM Knowledge › Overview",
        "Embedding drift due to evolving customer language — mitigation?",
        "Define: Customer Sentiment Analysis (Application in Use Case)",
      ]),
    );
    expect(fronts.some((f) => /Define: (Model|Tasks|Output|Challenge|Mitigation|Optimization)\b/.test(f))).toBe(false);
  });

  it("repairs mojibake and drops empty citation links", () => {
    const text = note.cards.map((c) => c.back).join("\n");
    expect(text).not.toContain("â€");
    expect(text).not.toContain("[](http");
  });
});
