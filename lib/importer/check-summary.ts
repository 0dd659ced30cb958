// Pure and free of server code: the Import page's client component uses it too.
import { plural } from "../plural";
import type { FlagState } from "../search/duplicates";
import type { ImportRecord } from "./imports";

/** "1 settled", "all settled", or null: how many of an import's flags have been acted on since. */
export function settledCount(flags: FlagState[]): string | null {
  const settled = flags.filter((flag) => flag.settled).length;
  return settled === 0 ? null : settled === flags.length ? "all settled" : `${settled} settled`;
}

/**
 * Where an import's near-duplicate check stands, in a few words for lists of imports ("2 possible
 * duplicates — 1 settled", "3 cards waiting to be embedded"…); null when it changed no card.
 */
export function checkSummary(record: Pick<ImportRecord, "cards" | "unembedded" | "duplicates">): string | null {
  if (record.cards === 0) return null;
  if (!record.duplicates) return record.unembedded > 0 ? `${plural(record.unembedded, "card")} waiting to be embedded` : "checking for near-duplicates…";
  if (record.duplicates.length === 0) return "no near-duplicates";
  const settled = settledCount(record.duplicates);
  return `${plural(record.duplicates.length, "possible duplicate")}${settled ? ` — ${settled}` : ""}`;
}

const SHOWN_FILES = 3;

/** "a.md, b.md, c.md and 2 more files": which files an import changed, the first few by name. */
export function changedFilesText(files: string[]): string {
  const more = files.length - SHOWN_FILES;
  return files.slice(0, SHOWN_FILES).join(", ") + (more > 0 ? ` and ${plural(more, "more file")}` : "");
}
