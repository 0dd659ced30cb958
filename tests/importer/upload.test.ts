import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { saveUploadedNotes } from "../../lib/importer";

let root: string;
const previous = process.env.RECALL_NOTES_DIR;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "recall-upload-"));
  process.env.RECALL_NOTES_DIR = root;
});
afterEach(() => {
  process.env.RECALL_NOTES_DIR = previous;
  fs.rmSync(root, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);

it("stores uploads as new files and never overwrites a note", () => {
  expect(saveUploadedNotes([{ name: "ml.md", bytes: bytes("a::b") }])).toEqual(["uploads/ml.md"]);
  // Same content: the same file; other content: a new name, the first file untouched.
  expect(saveUploadedNotes([{ name: "ml.md", bytes: bytes("a::b") }])).toEqual(["uploads/ml.md"]);
  expect(saveUploadedNotes([{ name: "ml.md", bytes: bytes("c::d") }])).toEqual(["uploads/ml-2.md"]);
  expect(fs.readFileSync(path.join(root, "uploads/ml.md"), "utf8")).toBe("a::b");
});

it("keeps uploads inside the uploads folder and refuses other file types", () => {
  expect(saveUploadedNotes([{ name: "../../etc/evil.md", bytes: bytes("x::y") }])).toEqual(["uploads/evil.md"]);
  expect(() => saveUploadedNotes([{ name: "run.sh", bytes: bytes("echo") }])).toThrow(/only \.md, \.markdown and \.txt/);
});
