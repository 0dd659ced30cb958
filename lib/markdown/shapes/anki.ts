import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, nextIndex, warn } from "../note";
import { deckName } from "../paths";
import { cleanFront, dedent } from "../text";
import { clozeOptions, clozeSides } from "./cloze";

const FIELD = /^(Front|Back|Text|Extra|Back Extra|Tags)\s*:\s?(.*)$/i;
const TARGET_DECK = /^TARGET[ _]DECK\s*:?\s*(.*)$/;
const FILE_TAGS = /^FILE[ _]TAGS\s*:?\s*(.*)$/;
const INLINE_NOTE = /^\s*STARTI\s*\[([^\]]+)\]\s*(.*?)\s+Back:\s*(.*?)\s*ENDI\s*$/;

export interface AnkiFileSettings {
  deck?: string;
  tags: string[];
}

/** `TARGET DECK` / `FILE TAGS` lines (value on the same line or the next one). */
export function ankiFileSettings(ctx: NoteContext): AnkiFileSettings {
  const result: AnkiFileSettings = { tags: [] };
  const text = ctx.scan.text;
  for (let i = 0; i < text.length; i++) {
    if (!isFree(ctx, i)) continue;
    const t = text[i].trim();
    const deck = TARGET_DECK.exec(t);
    const tags = FILE_TAGS.exec(t);
    if (!deck && !tags) continue;
    let value = (deck ?? tags)![1].trim();
    let last = i;
    if (!value && i + 1 < text.length) {
      value = text[i + 1].trim();
      last = i + 1;
    }
    claim(ctx, i, last);
    if (deck && value) result.deck = deckName(value);
    if (tags) result.tags.push(...value.split(/[\s,]+/).map((s) => s.replace(/^#/, "").toLowerCase()).filter(Boolean));
  }
  return result;
}

function cardsFromFields(ctx: NoteContext, noteType: string, fields: Map<string, string>, start: number, end: number, deck?: string): DraftCard[] {
  const tags = (fields.get("tags") ?? "").split(/[\s,]+/).map((t) => t.replace(/^#/, "").toLowerCase()).filter(Boolean);
  const base = { start, end, block: start, shape: "anki-block" as const, deck, tags };
  if (/cloze/i.test(noteType)) {
    const body = fields.get("text") ?? fields.get("front") ?? "";
    const extra = fields.get("extra") ?? fields.get("back extra") ?? "";
    return clozeSides(body, { ...clozeOptions(ctx.separators, ctx.flashcardNote), highlight: false, bold: false }).map((s) => ({
      ...base,
      front: s.front,
      back: extra ? `${s.back}\n\n${extra}` : s.back,
      kind: "cloze" as const,
    }));
  }
  const front = cleanFront(fields.get("front") ?? fields.get("text") ?? "");
  const back = (fields.get("back") ?? "").trim();
  if (!front || !back) return [];
  if (/revers/i.test(noteType)) {
    return [
      { ...base, front, back, kind: "reversed" },
      { ...base, front: back, back: front, kind: "reversed" },
    ];
  }
  return [{ ...base, front, back, kind: "basic" }];
}

/**
 * Obsidian_to_Anki: `START` / note type / front / `Back:` back / `END` blocks (delimiters configurable),
 * single-line `STARTI [Basic] front Back: back ENDI`, and `TARGET DECK`.
 */
export function ankiBlockCards(ctx: NoteContext, deck: string | undefined): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const starts = new Set(ctx.separators.blockStart.map((s) => s.trim()));
  const ends = new Set(ctx.separators.blockEnd.map((s) => s.trim()));
  const nextEnd = nextIndex(ctx, (l) => ends.has(l.trim()));
  const nextStart = nextIndex(ctx, (l) => starts.has(l.trim()));
  for (let i = 0; i < text.length; i++) {
    if (!isFree(ctx, i)) continue;
    const inline = INLINE_NOTE.exec(text[i]);
    if (inline) {
      const fields = new Map([["front", inline[2]], ["back", inline[3]]]);
      cards.push(...cardsFromFields(ctx, inline[1], fields, i, i, deck));
      claim(ctx, i, i);
      continue;
    }
    if (!starts.has(text[i].trim())) continue;
    const end = nextEnd[i + 1] ?? -1;
    const following = nextStart[i + 1] ?? -1;
    if (end < 0 || (following >= 0 && following < end)) {
      warn(ctx, i, `'${text[i].trim()}' block without a matching end line (${ctx.separators.blockEnd.join(" or ")}): not imported`);
      continue;
    }
    const inner: { line: string; i: number }[] = [];
    for (let k = i + 1; k < end; k++) if (!ctx.scan.meta[k]) inner.push({ line: text[k], i: k });
    while (inner.length && inner[0].line.trim() === "") inner.shift();
    let noteType = "Basic";
    if (inner.length > 1 && !FIELD.test(inner[0].line.trim())) noteType = inner.shift()!.line.trim();
    const fields = new Map<string, string[]>();
    let current = /cloze/i.test(noteType) ? "text" : "front";
    for (const { line, i: k } of inner) {
      const field = FIELD.exec(line.trim());
      if (field && !ctx.scan.code[k]) {
        current = field[1].toLowerCase();
        fields.set(current, [field[2]]);
        continue;
      }
      fields.set(current, [...(fields.get(current) ?? []), line]);
    }
    const joined = new Map([...fields].map(([k, v]) => [k, dedent(v)]));
    const made = cardsFromFields(ctx, noteType, joined, i, end, deck);
    if (!made.length) warn(ctx, i, `'${text[i].trim()}' block has no front or no 'Back:' field: not imported`);
    cards.push(...made);
    claim(ctx, i, end);
    i = end;
  }
  return cards;
}

const ANKI_HEADER = /^#([a-z ]+):(.*)$/i;
const SEPARATORS: Record<string, string> = { tab: "\t", semicolon: ";", comma: ",", pipe: "|", space: " ", colon: ":" };

function splitFields(line: string, sep: string): string[] {
  if (sep === "\t") return line.split("\t");
  const fields: string[] = [];
  let cur = "";
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === '"' && (cur === "" || quoted)) {
      if (quoted && line[k + 1] === '"') {
        cur += '"';
        k++;
      } else quoted = !quoted;
    } else if (c === sep && !quoted) {
      fields.push(cur);
      cur = "";
    } else cur += c;
  }
  fields.push(cur);
  return fields;
}

function htmlToMarkdown(field: string): string {
  return field
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?(?:b|strong)>/gi, "**")
    .replace(/<\/?(?:i|em)>/gi, "*")
    .replace(/<[^>]{1,200}>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}

function pureTabSeparated(ctx: NoteContext): boolean {
  let rows = 0;
  for (let i = 0; i < ctx.scan.text.length; i++) {
    const line = ctx.scan.text[i];
    if (ctx.scan.meta[i] || line.trim() === "") continue;
    const fields = line.split("\t");
    if (fields.length !== 2 || !fields[0].trim() || !fields[1].trim()) return false;
    rows++;
  }
  return rows >= 2;
}

/** Anki "Notes in plain text" exports: `#separator:tab` headers, then `front<sep>back` lines. */
export function ankiTextCards(ctx: NoteContext): { cards: DraftCard[]; deck?: string } {
  const text = ctx.scan.text;
  let sep: string | undefined;
  let html = false;
  let deck: string | undefined;
  let first = 0;
  for (; first < text.length && first < 20; first++) {
    const header = ANKI_HEADER.exec(text[first].trim());
    if (!header) break;
    const key = header[1].toLowerCase();
    const value = header[2].trim();
    if (key === "separator") sep = SEPARATORS[value.toLowerCase()] ?? value;
    if (key === "html") html = value.toLowerCase() === "true";
    if (key === "deck") deck = deckName(value);
  }
  // Quizlet and similar exports: every line is "term<TAB>definition", without headers.
  if (!sep && pureTabSeparated(ctx)) sep = "\t";
  if (!sep) return { cards: [] };
  claim(ctx, 0, first - 1);
  const cards: DraftCard[] = [];
  for (let i = first; i < text.length; i++) {
    if (!isFree(ctx, i) || text[i].trim() === "") continue;
    const fields = splitFields(text[i], sep).map((f) => (html ? htmlToMarkdown(f) : f.trim()));
    if (fields.length < 2 || !fields[0] || !fields[1]) continue;
    cards.push({ front: fields[0], back: fields[1], kind: "basic", start: i, end: i, block: i, shape: "anki-text" });
    claim(ctx, i, i);
  }
  return { cards, deck };
}
