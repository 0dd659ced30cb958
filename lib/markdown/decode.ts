import type { ParseIssue } from "./types";
import { MAX_NOTE_BYTES } from "./limits";

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that is not valid UTF-8 (overlong forms, surrogates and > U+10FFFF included), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function issue(path: string, line: number, message: string): { issue: ParseIssue } {
  return { issue: { path, line, severity: "error", message: `${path}: ${message}` } };
}

/**
 * Bytes of a note file → its text: BOM stripped, CRLF/CR turned into LF. Refuses what is not a UTF-8
 * text note, with an issue naming the file (and the line where possible):
 * - larger than MAX_NOTE_BYTES (5 MB): split the note;
 * - binary (NUL bytes, UTF-16, many control characters);
 * - invalid UTF-8: re-save the note as UTF-8.
 */
export function decodeNoteFile(bytes: Uint8Array, path: string): { text: string } | { issue: ParseIssue } {
  if (bytes.length > MAX_NOTE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    return issue(path, 1, `${mb} MB is over the ${MAX_NOTE_BYTES / 1024 / 1024} MB limit for one note; split it into smaller notes`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return issue(path, 1, "is UTF-16 encoded; save it as UTF-8 to import it");
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = lineAt(bytes, nul);
    return issue(path, line, `looks binary (NUL byte at line ${line}); only UTF-8 text notes can be imported`);
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    const line = lineAt(bytes, invalid);
    return issue(path, line, `is not valid UTF-8 (line ${line}, byte ${invalid}); save it as UTF-8 to import it`);
  }
  let text = new TextDecoder("utf-8").decode(bytes);
  let controls = 0;
  for (let i = 0; i < text.length && i < 65536; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) controls++;
  }
  if (controls > 8 && controls > Math.min(text.length, 65536) * 0.01) {
    return issue(path, 1, "looks binary (many control characters); only text notes can be imported");
  }
  text = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  return { text };
}
