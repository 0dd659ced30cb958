import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cardsFromMarkdown, decodeNoteFile, MAX_NOTE_BYTES, renderMarkdown } from "@/lib/markdown";

const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (source: string) => cardsFromMarkdown(source, { path: "bad/note.md" });

describe("decodeNoteFile", () => {
  it("strips a BOM and normalises CRLF and CR line endings", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("a::b\r\nc::d\re::f\n")]);
    expect(decodeNoteFile(bytes, "n.md")).toEqual({ text: "a::b\nc::d\ne::f\n" });
  });

  it("rejects NUL bytes as binary, naming the path and line", () => {
    const result = decodeNoteFile(new Uint8Array([...utf8("line one\nline two\n"), 0, 1, 2]), "img/photo.md");
    expect(result).toEqual({ issue: expect.objectContaining({ path: "img/photo.md", line: 3, severity: "error" }) });
    expect("issue" in result && result.issue.message).toMatch(/img\/photo\.md.*binary.*line 3/);
  });

  it("rejects invalid UTF-8 with the line of the first bad byte", () => {
    const result = decodeNoteFile(new Uint8Array([...utf8("ok\nok\n"), 0x61, 0xc3, 0x28, 0x0a]), "latin1.md");
    expect(result).toEqual({ issue: expect.objectContaining({ path: "latin1.md", line: 3 }) });
    expect("issue" in result && result.issue.message).toMatch(/not valid UTF-8.*save it as UTF-8/);
  });

  it("rejects UTF-16 and overlong or surrogate encodings", () => {
    expect("issue" in decodeNoteFile(new Uint8Array([0xff, 0xfe, 0x61, 0]), "u16.md")).toBe(true);
    expect("issue" in decodeNoteFile(new Uint8Array([0xc0, 0xaf]), "overlong.md")).toBe(true);
    expect("issue" in decodeNoteFile(new Uint8Array([0xed, 0xa0, 0x80]), "surrogate.md")).toBe(true);
    expect(decodeNoteFile(utf8("emoji 🧠 and ü"), "fine.md")).toEqual({ text: "emoji 🧠 and ü" });
  });

  it("refuses a 10 MB file with a clear message about the 5 MB limit", () => {
    const result = decodeNoteFile(new Uint8Array(10 * 1024 * 1024).fill(0x61), "huge.md");
    expect("issue" in result && result.issue.message).toMatch(/huge\.md: 10\.0 MB is over the 5 MB limit.*split it/);
    expect(MAX_NOTE_BYTES).toBe(5 * 1024 * 1024);
  });
});

describe("cardsFromMarkdown on bad input never throws or hangs", () => {
  it("empty and blank files", () => {
    for (const source of ["", "\n\n\n", "   ", "---\n---\n"]) {
      expect(parse(source)).toMatchObject({ cards: [], passages: [], issues: [] });
    }
  });

  it("an unterminated code fence is a warning with its line, and hides what follows", () => {
    const note = parse("# T\n\nText.\n\n```js\nconst a = 1;\n\n## What is this?\nnot a card\n");
    expect(note.cards).toEqual([]);
    expect(note.issues).toEqual([{ path: "bad/note.md", line: 5, severity: "warning", message: expect.stringMatching(/unterminated code fence/) }]);
  });

  it("a 10,000-deep nested list and quote are flattened with a warning", () => {
    for (const source of ["- ".repeat(10_000) + "x\n", ">".repeat(10_000) + " x\n", Array.from({ length: 300 }, (_, i) => "  ".repeat(i) + "- item").join("\n")]) {
      const note = parse(source);
      expect(note.issues.map((i) => i.message)).toEqual([expect.stringMatching(/nested deeper than 64 levels/)]);
    }
  });

  it("a ~2 MB note finishes (linear scanning, no quadratic passes)", () => {
    let source = "";
    for (let i = 0; source.length < 2_000_000; i++) source += `## ${i}. What is concept ${i}?\n\nConcept ${i} is explained here.\n\n- point a\n- point b\n\nterm ${i}::definition ${i}\n\n`;
    const note = parse(source);
    expect(note.cards.length).toBeGreaterThan(15_000);
  });

  it("adversarial numbering cannot nest the outline without bound", () => {
    let source = "# A\n";
    for (let i = 0; i < 5_000; i++) source += `#### 1. a${i}\nSome study text about a${i} here.\n# 2. b${i}\nSome study text about b${i} here.\n`;
    const note = parse(source);
    expect(note.issues).toEqual([]);
    expect(note.cards.length).toBeGreaterThan(5_000);
  });

  it("a huge single line", () => {
    const note = parse("word ".repeat(300_000) + "?");
    expect(note.cards).toEqual([]);
    expect(note.passages.every((p) => p.text.length <= 1200)).toBe(true);
  });

  it("NUL bytes and control characters in a string", () => {
    expect(() => parse("a\u0000::b\u0001\n# \u0000\n")).not.toThrow();
  });

  it("CRLF, mixed line endings and a BOM give the same cards as LF", () => {
    const lf = parse("Q: one?\nA: 1\n\nfront::back\n").cards;
    expect(parse("\uFEFFQ: one?\r\nA: 1\r\n\r\nfront::back\r\n").cards).toEqual(lf);
    expect(parse("Q: one?\rA: 1\n\r\nfront::back\n").cards).toEqual(lf);
  });

  it("a note over the size limit is reported, not parsed", () => {
    const note = parse("a".repeat(MAX_NOTE_BYTES + 1));
    expect(note.issues[0]).toMatchObject({ severity: "error", message: expect.stringMatching(/larger than 5 MB/) });
  });

  it("thousands of broken cards produce a bounded list of warnings", () => {
    const note = parse("START\n".repeat(5_000));
    expect(note.issues.length).toBeLessThanOrEqual(51);
    expect(note.issues.at(-1)?.message).toMatch(/more warnings/);
  });
});

const fragments = [
  "# ", "## 1. ", "### **", "What is ", "?", "::", ":::", "\n?\n", "\n??\n", "==", "**", "{{c1::", "}}", "Q: ", "\nA: ",
  "<details><summary>", "</summary>", "</details>", ":p ", "??x", "x??", "START\nBasic\n", "Back: ", "END\n", "#flashcard", "#card",
  ">> ", "<<", "<>", ">>>", "- ", "  - ", "1. ", "> ", "```", "```js\n", "~~~", "$$", "$x$", "<!--", "-->", "<!--SR:!2024-01-01,3,250-->",
  "%%", "---\n", "---\ntags: [a]\n---\n", "| a | b |\n|---|---|\n", "[x](y)", "![i](a.png)", "![[b.png]]", "\t", "\n", "\n\n", "#tag ", "TARGET DECK: D\n",
  "#separator:tab\n", "a\tb\n", "• ", "**Term**: definition text here", "Definition:", "\u0000", "\r\n", "\uFEFF", "é", "🧠",
];

describe("property: random and mutated Markdown", () => {
  it("never throws, every issue names the path, every card has text and a valid line range", () => {
    const markdown = fc.oneof(
      fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join("")),
      fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 })), { maxLength: 40 }).map((parts) => parts.join("")),
      fc.string({ maxLength: 400 }),
    );
    fc.assert(
      fc.property(markdown, (source) => {
        const note = cardsFromMarkdown(source, { path: "prop/note.md" });
        const lines = source.split(/\r\n|\r|\n/).length;
        for (const issue of note.issues) expect(issue.path).toBe("prop/note.md");
        for (const card of note.cards) {
          expect(card.front.trim()).not.toBe("");
          expect(card.back.trim()).not.toBe("");
          expect(card.startLine).toBeGreaterThanOrEqual(1);
          expect(card.endLine).toBeGreaterThanOrEqual(card.startLine);
          expect(card.endLine).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300, seed: 20240925 },
    );
  });

  it("renderMarkdown never throws on the same inputs", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => {
        expect(typeof renderMarkdown(parts.join(""))).toBe("string");
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
