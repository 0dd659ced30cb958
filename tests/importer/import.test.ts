import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { importFromNotesRoot, importNotes } from "../../lib/importer";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";

const note = (questions: [string, string][]) => questions.map(([q, a]) => `## ${q}\n\n${a}\n`).join("\n");

const original: [string, string][] = [
  ["What is overfitting?", "The model learns noise in the training data and fails to generalise."],
  ["What does dropout do?", "It randomly zeroes activations during training, a regulariser."],
  ["Why normalise inputs?", "So that gradient descent converges faster and features share a scale."],
];

function hashTree(dir: string): string {
  const hash = crypto.createHash("sha256");
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full)).update(String(fs.statSync(full).mtimeMs));
  }
  return hash.digest("hex");
}

describeEachDatabase("importer", (backend) => {
  let db: TestDatabase;
  let root: string;
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const run = () => importNotes(db.prisma, [root], { root });
  const cardByFront = async (front: string) => db.prisma.card.findFirstOrThrow({ where: { front }, include: { reviews: true, schedule: true } });
  const addReview = (cardId: string) =>
    db.prisma.reviewLog.create({
      data: { cardId, rating: 3, stateBefore: {}, stateAfter: {}, elapsedDays: 0, scheduledDays: 1, reviewedAt: new Date() },
    });

  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "recall-notes-"));
    // Each test starts from an empty collection.
    await db.driver.exec(
      `TRUNCATE review_logs, graded_answers, card_states, card_embeddings, passage_embeddings, cards, passages, notes, decks CASCADE`,
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("imports question headings as cards with deck, source lines and a new FSRS state", async () => {
    write("interview/ml.md", note(original));
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.summary).toMatchObject({ added: 3, updated: 0, unchanged: 0, retired: 0 });
    expect(result.cards.map((c) => c.front)).toEqual(original.map(([q]) => q));
    const card = await cardByFront("What does dropout do?");
    expect(card.sourcePath).toBe("interview/ml.md");
    expect(card.startLine).toBe(5);
    expect(card.schedule?.state).toBe("new");
    const deck = await db.prisma.deck.findUniqueOrThrow({ where: { id: card.deckId }, include: { parent: true } });
    expect(deck.path).toBe("interview/ml");
    expect(deck.parent?.path).toBe("interview");
  });

  it("re-importing an unchanged folder changes nothing", async () => {
    write("ml.md", note(original));
    await run();
    const before = await db.prisma.card.findMany({ orderBy: { id: "asc" } });
    const noteBefore = await db.prisma.note.findFirstOrThrow();
    const again = await run();
    expect(again.summary).toMatchObject({ added: 0, updated: 0, unchanged: 3, retired: 0 });
    expect(again.files[0].status).toBe("unchanged");
    expect(await db.prisma.card.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect((await db.prisma.note.findFirstOrThrow()).lastImportedAt).toEqual(noteBefore.lastImportedAt);
  });

  it("keeps a card's id and history when its answer is edited, it moves, or its question gets a typo fix", async () => {
    write("ml.md", note(original));
    await run();
    const ids: Record<string, string> = Object.fromEntries(await Promise.all(original.map(async ([q]) => [q, (await cardByFront(q)).id])));
    for (const id of Object.values(ids)) await addReview(id);

    write("ml.md", note([
      ["Why normalise inputs?", "Faster convergence."],
      ["What is overfiting?", "The model learns noise in the training data and fails to generalise."],
      ["What does dropout do?", "It randomly zeroes activations during training (a regulariser); rescales at test time."],
    ]));
    const result = await run();
    expect(result.summary).toMatchObject({ added: 0, retired: 0 });
    expect((await cardByFront("What is overfiting?")).id).toBe(ids["What is overfitting?"]);
    expect((await cardByFront("Why normalise inputs?")).id).toBe(ids["Why normalise inputs?"]);
    const dropout = await cardByFront("What does dropout do?");
    expect(dropout.id).toBe(ids["What does dropout do?"]);
    expect(dropout.back).toMatch(/rescales at test time/);
    expect(await db.prisma.reviewLog.count()).toBe(3);
  });

  it("retires a card whose text disappeared and brings it back, with its history, when it returns", async () => {
    write("ml.md", note(original));
    await run();
    const dropout = await cardByFront("What does dropout do?");
    await addReview(dropout.id);

    write("ml.md", note(original.filter(([q]) => q !== "What does dropout do?")));
    expect((await run()).summary).toMatchObject({ retired: 1 });
    const retired = await cardByFront("What does dropout do?");
    expect(retired.status).toBe("retired");
    expect(retired.reviews).toHaveLength(1);

    write("ml.md", note(original));
    expect((await run()).summary).toMatchObject({ added: 0, restored: 1 });
    const back = await cardByFront("What does dropout do?");
    expect(back.id).toBe(dropout.id);
    expect(back.status).toBe("active");
    expect(back.reviews).toHaveLength(1);
  });

  it("retires the cards of a deleted file and keeps the note and its history", async () => {
    write("a.md", note(original));
    write("b.md", note([["What is a tensor?", "A multi-dimensional array."]]));
    await run();
    await addReview((await cardByFront("What is a tensor?")).id);
    fs.rmSync(path.join(root, "b.md"));
    const result = await run();
    expect(result.summary).toMatchObject({ retired: 1, unchanged: 3 });
    expect(result.files.find((f) => f.path === "b.md")?.status).toBe("missing");
    const tensor = await cardByFront("What is a tensor?");
    expect(tensor.status).toBe("retired");
    expect(tensor.reviews).toHaveLength(1);
    expect(await db.prisma.note.findUniqueOrThrow({ where: { path: "b.md" } })).toMatchObject({ missingSince: expect.any(Date) });
  });

  it("reports a bad file by name and imports the others", async () => {
    write("good.md", note(original));
    write("binary.md", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00]));
    write("latin1.md", Buffer.from("## Qu'est-ce que la r\xe9gularisation?\n\nUne p\xe9nalit\xe9.\n", "latin1"));
    const result = await run();
    expect(result.summary.added).toBe(3);
    const failed = result.errors.map((e) => e.path).sort();
    expect(failed).toEqual(["binary.md", "latin1.md"]);
    for (const error of result.errors) expect(error.message.length).toBeGreaterThan(5);
  });

  it("imports an Obsidian <!--SR:--> comment as the card's prior schedule", async () => {
    write("sr.md", "What is a logit::The raw, unnormalised score before softmax\n<!--SR:!2030-01-15,12,250-->\n");
    const result = await run();
    expect(result.cards).toHaveLength(1);
    expect(result.cards[0].back).not.toMatch(/SR:/);
    const card = await cardByFront(result.cards[0].front);
    expect(card.schedule?.state).toBe("review");
    expect(card.schedule?.due.toISOString().slice(0, 10)).toBe("2030-01-15");
  });

  it("never writes into the notes", async () => {
    write("a.md", note(original));
    write("sub/b.md", note([["What is a tensor?", "A multi-dimensional array."]]));
    const before = hashTree(root);
    await run();
    write("a.md", note(original.slice(1)));
    const afterEdit = hashTree(root);
    await run();
    expect(hashTree(root)).toBe(afterEdit);
    expect(before).not.toBe(afterEdit);
  });

  it("keeps web imports inside the notes root", async () => {
    const previous = process.env.RECALL_NOTES_DIR;
    process.env.RECALL_NOTES_DIR = root;
    try {
      write("ok.md", note(original));
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), "recall-outside-"));
      fs.writeFileSync(path.join(outside, "secret.md"), note([["What is secret?", "Nothing for you."]]));
      fs.symlinkSync(outside, path.join(root, "link"));
      const escape = await importFromNotesRoot(db.prisma, ["../", outside, "link/secret.md"]);
      expect(escape.cards).toEqual([]);
      expect(escape.errors.map((e) => e.message).join("\n")).toMatch(/outside the notes folder/);
      const whole = await importFromNotesRoot(db.prisma, []);
      expect(whole.cards.map((c) => c.front)).not.toContain("What is secret?");
      expect(whole.warnings.map((w) => w.message).join("\n")).toMatch(/points outside the notes folder/);
      fs.rmSync(outside, { recursive: true, force: true });
    } finally {
      process.env.RECALL_NOTES_DIR = previous;
    }
  });
});
