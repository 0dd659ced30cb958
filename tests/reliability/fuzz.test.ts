import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importNotes, type ImportResult } from "../../lib/importer";
import { pgliteBackend, type TestDatabase } from "../helpers/databases";

/**
 * The importer on hostile files: each bad file gets an error or warning that names it, the good files
 * beside it import, nothing throws or hangs. Times are printed (not asserted): the machine is shared.
 */

const GOOD = "## What is overfitting?\n\nLearning the noise of the training data.\n\n## What is dropout?\n\nZeroing random activations.\n";
const GOOD_FRONTS = ["What is overfitting?", "What is dropout?"];
const utf8 = (text: string) => Buffer.from(text, "utf8");

/** Each nasty file, and what importing it must report. */
const nastyFiles: { name: string; bytes: () => Buffer; expect: "error" | "warning" | "imports"; message?: RegExp }[] = [
  { name: "binary.md", bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...crypto.getRandomValues(new Uint8Array(4096))]), expect: "error", message: /binary/ },
  { name: "latin1.md", bytes: () => Buffer.concat([utf8("## Was ist "), Buffer.from([0x47, 0xfc, 0x74, 0x65]), utf8("?\n\nQualität\n")]), expect: "error", message: /not valid UTF-8.*save it as UTF-8/ },
  { name: "utf16.md", bytes: () => Buffer.from("\ufeff## What is UTF-16?\n\nTwo bytes.\n", "utf16le"), expect: "error", message: /UTF-16/ },
  { name: "ten-megabytes.md", bytes: () => Buffer.alloc(10 * 1024 * 1024, "## What is big?\n\nThis.\n\n"), expect: "error", message: /10\.0 MB is over the 5 MB limit.*split it/ },
  { name: "nul-bytes.md", bytes: () => utf8("## What is a NUL?\n\nA zero\u0000byte.\n"), expect: "error", message: /NUL byte at line 3/ },
  { name: "deep-list.md", bytes: () => utf8("- ".repeat(10_000) + "deep\n"), expect: "warning", message: /nested deeper than 64 levels/ },
  { name: "deep-indented-list.md", bytes: () => utf8(Array.from({ length: 10_000 }, (_, i) => "  ".repeat(i % 300) + "- item").join("\n")), expect: "warning", message: /nested deeper/ },
  { name: "huge-line.md", bytes: () => utf8("word ".repeat(1_000_000)), expect: "imports" },
  { name: "crlf.md", bytes: () => utf8("## What is CRLF?\r\n\r\nCarriage return, line feed.\r\n"), expect: "imports" },
  { name: "mixed-endings.md", bytes: () => utf8("## What is mixed?\r\n\rOne\rtwo\n\r\nthree::four\r"), expect: "imports" },
  { name: "bom.md", bytes: () => utf8("\ufeff## What is a BOM?\n\nA byte order mark.\n"), expect: "imports" },
  { name: "empty.md", bytes: () => Buffer.alloc(0), expect: "imports" },
  { name: "unterminated-fence.md", bytes: () => utf8("## What is a fence?\n\n```js\nconst a = 1;\n\n## What is hidden?\n\nNothing.\n"), expect: "warning", message: /unterminated code fence/ },
  { name: "control-chars.md", bytes: () => utf8("\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000e\u000f".repeat(20)), expect: "error", message: /binary/ },
];

describe("importer on nasty files [pglite]", () => {
  let db: TestDatabase;
  let root: string;

  beforeAll(async () => {
    db = await pgliteBackend.create();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "recall-fuzz-"));
    await db.driver.exec(`TRUNCATE review_logs, graded_answers, card_states, card_embeddings, passage_embeddings, cards, passages, notes, decks CASCADE`);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const timedImport = async (label: string, paths: string[] = [root]): Promise<ImportResult> => {
    const started = performance.now();
    const result = await importNotes(db.prisma, paths, { root });
    console.log(`${label}: ${Math.round(performance.now() - started)} ms`);
    return result;
  };
  const issuesOf = (result: ImportResult, file: string) => ({
    errors: result.errors.filter((issue) => issue.path === file),
    warnings: result.warnings.filter((issue) => issue.path === file),
  });

  for (const nasty of nastyFiles) {
    it(`${nasty.name}: ${{ imports: "imports", error: "an error naming the file", warning: "a warning naming the file" }[nasty.expect]}; the good note beside it imports`, async () => {
      fs.writeFileSync(path.join(root, "good.md"), GOOD);
      fs.writeFileSync(path.join(root, nasty.name), nasty.bytes());
      const result = await timedImport(nasty.name);

      const good = result.files.find((file) => file.path === "good.md");
      expect(good?.status).toMatch(/imported|unchanged/);
      expect(result.cards.filter((card) => card.source.path === "good.md").map((card) => card.front)).toEqual(GOOD_FRONTS);

      const { errors, warnings } = issuesOf(result, nasty.name);
      const report = result.files.find((file) => file.path === nasty.name);
      if (nasty.expect === "error") {
        expect(report?.status).toBe("failed");
        expect(errors).toHaveLength(1);
        expect(errors[0].message).toContain(nasty.name);
        expect(errors[0].message).toMatch(nasty.message!);
      } else {
        expect(report?.status).toMatch(/imported|unchanged/);
        expect(errors).toEqual([]);
        if (nasty.expect === "warning") expect(warnings.map((w) => w.message).join("\n")).toMatch(nasty.message!);
      }
    });
  }

  it("CRLF, mixed endings and a BOM give the same cards as plain LF", async () => {
    fs.writeFileSync(path.join(root, "lf.md"), "## What is mixed?\n\nOne\ntwo\n\nthree::four\n");
    fs.writeFileSync(path.join(root, "mixed.md"), nastyFiles.find((n) => n.name === "mixed-endings.md")!.bytes());
    fs.writeFileSync(path.join(root, "bom-crlf.md"), utf8("\ufeff## What is mixed?\r\n\r\nOne\r\ntwo\r\n\r\nthree::four\r\n"));
    const result = await timedImport("line endings");
    const cardsOf = (file: string) => result.cards.filter((card) => card.source.path === file).map(({ front, back, source }) => ({ front, back, lines: [source.startLine, source.endLine] }));
    expect(cardsOf("lf.md").length).toBeGreaterThan(0);
    expect(cardsOf("mixed.md")).toEqual(cardsOf("lf.md"));
    expect(cardsOf("bom-crlf.md")).toEqual(cardsOf("lf.md"));
  });

  it("symlink loops and dangling links are skipped with a warning; the notes import once", async () => {
    fs.mkdirSync(path.join(root, "deck"));
    fs.writeFileSync(path.join(root, "deck", "good.md"), GOOD);
    fs.symlinkSync("..", path.join(root, "deck", "up")); // deck/up/deck/up/… back to the root
    fs.symlinkSync(".", path.join(root, "deck", "self"));
    fs.symlinkSync("b.md", path.join(root, "a.md")); // a.md → b.md → a.md
    fs.symlinkSync("a.md", path.join(root, "b.md"));
    fs.symlinkSync("gone.md", path.join(root, "dangling.md"));
    const result = await timedImport("symlink loops");
    expect(result.files.map((file) => file.path)).toEqual(["deck/good.md"]);
    expect(result.warnings.map((w) => w.path).sort()).toEqual(["a.md", "b.md", "dangling.md"]);
    for (const warning of result.warnings) expect(warning.message).toMatch(/broken symbolic link/);
    expect(result.errors).toEqual([]);
  });

  it("an unreadable file and an unreadable folder are errors naming them", async () => {
    if (process.getuid?.() === 0) return; // root reads everything: nothing to test
    fs.writeFileSync(path.join(root, "good.md"), GOOD);
    fs.writeFileSync(path.join(root, "secret.md"), GOOD);
    fs.chmodSync(path.join(root, "secret.md"), 0o000);
    fs.mkdirSync(path.join(root, "locked"));
    fs.chmodSync(path.join(root, "locked"), 0o000);
    try {
      const result = await timedImport("unreadable");
      expect(result.errors.map((e) => [e.path, e.message])).toEqual(
        expect.arrayContaining([
          ["secret.md", expect.stringMatching(/cannot read file/)],
          ["locked", expect.stringMatching(/cannot read folder/)],
        ]),
      );
      expect(result.files.find((file) => file.path === "good.md")?.status).toMatch(/imported|unchanged/);
    } finally {
      fs.chmodSync(path.join(root, "locked"), 0o755);
    }
  });

  /** Seeded mutations of the demo notes: tokens and invalid bytes inserted, ranges deleted, duplicated, cut off. */
  function writeMutants(count: number): void {
    const bases = fs.readdirSync("content").map((name) => fs.readFileSync(path.join("content", name)));
    const tokens = ["```", "\n```js\n", "::", ":::", "Q: ", "\nA: ", "# ", "\n## ", "- ", "\n    - ", "> ", "$$", "<!--", "-->", "|---|", "{{c1::", "}}",
      "\r", "\r\n", "\u0000", "\ufeff", "<script>", "\n---\n", "?", "#flashcard", "==", "**", "[", "](", "\t"].map((t) => utf8(t));
    const badBytes = [Buffer.from([0xc3, 0x28]), Buffer.from([0xff]), Buffer.from([0xed, 0xa0, 0x80])];
    const mutation = fc.record({
      kind: fc.constantFrom("insert-token", "insert-bad-bytes", "delete", "duplicate", "truncate"),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 400 }),
      token: fc.nat(tokens.length - 1),
      bad: fc.nat(badBytes.length - 1),
    });
    const documents = fc.sample(fc.tuple(fc.nat(bases.length - 1), fc.array(mutation, { maxLength: 12 })), { seed: 8_2026, numRuns: count });
    documents.forEach(([base, mutations], i) => {
      let bytes = bases[base];
      for (const m of mutations) {
        const at = Math.floor(m.at * bytes.length);
        if (m.kind === "insert-token") bytes = Buffer.concat([bytes.subarray(0, at), tokens[m.token], bytes.subarray(at)]);
        else if (m.kind === "insert-bad-bytes") bytes = Buffer.concat([bytes.subarray(0, at), badBytes[m.bad], bytes.subarray(at)]);
        else if (m.kind === "delete") bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        else if (m.kind === "duplicate") bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at, at + m.length), bytes.subarray(at + m.length)]);
        else bytes = bytes.subarray(0, at);
      }
      fs.writeFileSync(path.join(root, `mutant-${String(i).padStart(4, "0")}.md`), bytes);
    });
  }

  /** Every issue names a file of the import; every refused file has an error naming it. */
  function expectIssuesNameTheirFile(result: ImportResult, count: number): void {
    expect(result.files).toHaveLength(count);
    const names = new Set(result.files.map((file) => file.path));
    for (const issue of [...result.errors, ...result.warnings]) expect(names.has(issue.path), `${issue.path}: ${issue.message}`).toBe(true);
    const failed = result.files.filter((f) => f.status === "failed");
    for (const file of failed) expect(result.errors.some((e) => e.path === file.path && e.message.includes(file.path)), file.path).toBe(true);
    console.log(`${count} mutants: ${count - failed.length} parsed (${result.cards.length} cards), ${failed.length} refused, ${result.warnings.length} warnings`);
  }

  it("property: 1,000 seeded mutations of real notes parse (dry run) without a throw; every issue names its file", async () => {
    writeMutants(1000);
    const started = performance.now();
    const result = await importNotes(null, [root], { root, dryRun: true });
    console.log(`1,000 mutants, dry run: ${Math.round(performance.now() - started)} ms`);
    expectIssuesNameTheirFile(result, 1000);
  });

  it("property: 100 of those mutants stored on PGlite: no throw, every active card has its state", async () => {
    writeMutants(100);
    expectIssuesNameTheirFile(await timedImport("100 mutants"), 100);
    expect(await db.prisma.card.count({ where: { status: "active", schedule: null } })).toBe(0);
  });
});
