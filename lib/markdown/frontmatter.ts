import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { PriorSchedule, Separators } from "./types";
import type { ScanIssue } from "./scan";
import { deckName } from "./paths";

export interface NoteSettings {
  data: Record<string, unknown>;
  tags: string[];
  deck?: string;
  title?: string;
  prior?: PriorSchedule;
  separators: Partial<Separators>;
  /** true/false forces inference of syntax-free cards on/off; undefined decides by content */
  infer?: boolean;
}

const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** The shape of `recall-separators` in a note's frontmatter. */
const separatorsSchema = z
  .object({
    inline: z.string().min(1),
    inlineReversed: z.string().min(1),
    multiline: z.string().min(1),
    multilineReversed: z.string().min(1),
    clozeHighlight: z.boolean(),
    clozeBold: z.boolean(),
    clozeCurly: z.boolean(),
    blockStart: stringList,
    blockEnd: stringList,
    cardTags: stringList,
    deckTags: stringList,
  })
  .partial()
  .strict();

function asTags(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[,\s]+/) : [];
  return items
    .filter((t): t is string | number => typeof t === "string" || typeof t === "number")
    .map((t) => String(t).trim().replace(/^#/, "").toLowerCase())
    .filter(Boolean);
}

/** Accepts "2024-08-16", a Date (YAML timestamps), or Obsidian's older "Fri Aug 16 2024". */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (m) return isValidDay(+m[1], +m[2], +m[3]) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
  const parsed = new Date(value);
  return isNaN(parsed.getTime()) ? undefined : parsed.toISOString().slice(0, 10);
}

function isValidDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Obsidian stores ease ×100 (230 → 2.3). */
export function priorFrom(due: unknown, interval: unknown, ease: unknown): PriorSchedule | undefined {
  const day = isoDate(due);
  const days = Number(interval);
  let factor = Number(ease);
  if (!day || !isFinite(days) || days < 0 || !isFinite(factor) || factor <= 0) return undefined;
  if (factor > 10) factor = factor / 100;
  return { due: day, intervalDays: Math.round(days), ease: Math.round(factor * 1000) / 1000 };
}

function settingsFrom(data: Record<string, unknown>, issues: ScanIssue[], line: number): NoteSettings {
  const settings: NoteSettings = { data, tags: [], separators: {} };
  settings.tags = [...asTags(data.tags), ...asTags(data.tag)];
  if (typeof data.deck === "string" && data.deck.trim()) settings.deck = deckName(data.deck);
  if (typeof data.title === "string" && data.title.trim()) settings.title = data.title.trim();
  settings.prior = priorFrom(data["sr-due"], data["sr-interval"], data["sr-ease"]);
  if (typeof data["recall-infer"] === "boolean") settings.infer = data["recall-infer"];
  const raw = data["recall-separators"];
  if (raw !== undefined) {
    const parsed = separatorsSchema.safeParse(raw);
    if (parsed.success) settings.separators = parsed.data;
    else {
      issues.push({
        line,
        severity: "warning",
        message: `recall-separators ignored: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`,
      });
    }
  }
  return settings;
}

/** YAML frontmatter (`--- … ---`) → settings. A broken block is reported and otherwise ignored. */
export function readFrontmatter(block: { start: number; end: number; text: string } | null, issues: ScanIssue[]): NoteSettings {
  if (!block) return { data: {}, tags: [], separators: {} };
  let data: unknown;
  try {
    data = parseYaml(block.text, { maxAliasCount: 50, prettyErrors: false }) ?? {};
  } catch (error) {
    const pos = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    issues.push({
      line: block.start + 1 + (pos ?? 0),
      severity: "warning",
      message: `frontmatter is not valid YAML and was ignored (${(error as Error).message.split("\n")[0]})`,
    });
    return { data: {}, tags: [], separators: {} };
  }
  if (typeof data !== "object" || Array.isArray(data) || data === null) {
    issues.push({ line: block.start + 1, severity: "warning", message: "frontmatter is not a key: value mapping and was ignored" });
    return { data: {}, tags: [], separators: {} };
  }
  return settingsFrom(data as Record<string, unknown>, issues, block.start + 1);
}

/** Logseq writes page properties as leading `key:: value` lines instead of YAML. */
export function readLogseqPageProperties(lines: string[], first: number): Partial<NoteSettings> {
  const props: Record<string, string> = {};
  for (let i = first; i < lines.length && i < first + 50; i++) {
    const m = /^([a-z][\w-]*):: (.*)$/i.exec(lines[i].trim());
    if (!m) break;
    props[m[1].toLowerCase()] = m[2].trim();
  }
  const result: Partial<NoteSettings> = {};
  if (props.tags) result.tags = asTags(props.tags.replace(/\[\[|\]\]/g, ""));
  if (props.title) result.title = props.title;
  if (props.deck) result.deck = deckName(props.deck);
  return result;
}
