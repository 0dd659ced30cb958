/**
 * Page furniture: text around study content that nobody wants on a card or in search results —
 * breadcrumbs, file sizes, GitHub chrome, link lists, tables of contents, badges, TODO and shopping
 * lists, logs of numbers, citation lists of chat exports.
 */
import type { Block } from "./scan";
import { listItemOf } from "./scan";
import { plainText, wordCount } from "./text";

const CHROME_WORDS = new Set(
  "raw blame history copy permalink download edit preview code go to file more options view source open in github latest commit share rewrite related sources search retry regenerate".split(" "),
);
const SITE_WORDS = new Set("youtube reddit wikipedia github medium stackoverflow twitter linkedin arxiv quora substack".split(" "));

/** A line that is furniture on its own. */
export function isFurnitureLine(line: string): boolean {
  const t = line.trim().replace(/^(?:[-*+•·]\s+)/, "");
  if (!t) return false;
  if (/^\[$|^\]\(|^\[\]\([^)]*\)$/.test(t)) return true; // link fragments of exports
  if (/^\d+(?:[.,]\d+)?\s*(?:B|bytes|KB|KiB|MB|MiB|GB|GiB)$/i.test(t)) return true; // 17 KiB
  if (/^\d+\s+lines?\s*(?:\(\d+\s+loc\))?(?:\s*·.*)?$/i.test(t)) return true; // 123 lines (98 loc) · 4 KB
  if (/^[^\s/][^/]{0,80}(?:\/[^/]{1,80}){2,}\.(?:md|markdown|txt|html?)$/i.test(t)) return true; // corp/Corpus/x/y.md
  if (/^(?:[^>\n]{1,40}\s(?:>|›|»)\s){2,}[^>\n]{1,80}$/.test(t)) return true; // Home > Docs > Page
  if (/^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\/?$/i.test(t) && !/\s/.test(t)) return true; // docs.example.com
  if (SITE_WORDS.has(t.toLowerCase())) return true;
  if (/^(?:(?:you|chatgpt|claude|gemini|copilot|perplexity) said|assistant|chatgpt|claude|copy code|copy|edit|share|sources|thought for \d+\s*(?:s|seconds?)|searched \d+ sites?)\s*:?$/i.test(t)) return true; // chat UI
  const words = t.toLowerCase().split(/\s+/);
  if (words.length >= 2 && words.length <= 8 && words.every((w) => CHROME_WORDS.has(w))) return true; // Raw Blame History
  if (/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/.test(t) && plainText(t.replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g, "")).trim() === "") return true; // badges
  if (/^!\[[^\]]*\]\([^)]*(?:shields\.io|badge)[^)]*\)$/i.test(t)) return true;
  return false;
}

/** Only links (Markdown, wiki or bare URLs), separated by punctuation: navigation, TOCs, "see also". */
function isLinkOnly(line: string): boolean {
  let t = line
    .trim()
    .replace(/^(?:[-*+•·]|\d+[.)])\s+/, "")
    .replace(/^(?:\*\*|__)?(?:related|see also|links?|sources?|refs?|references|read more|more|via|from|tags|up|prev(?:ious)?|next)\s*:(?:\*\*|__)?\s*/i, "");
  if (!t) return true;
  if (!/\[[^\]]*\]\([^)]*\)|\[\[[^\]]+\]\]|https?:\/\//.test(t)) return false;
  t = t
    .replace(/!?\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[\[[^\]]+\]\]/g, "")
    .replace(/<?https?:\/\/\S+>?/g, "");
  return /^[\s|·•,;:()\-–—>«»←→]*$/.test(t);
}

const LIST_LABEL =
  /^(?:\*\*|__)?(?:todo|to do|to-do|must|should|could|tasks?|shopping(?: list)?|groceries|errands|reminders?|done|doing|backlog|next|later|someday|habits?|agenda|plans?(?: for (?:today|tomorrow))?|meals?|food|workout|exercise|calories|expenses|budget|inbox)\s*:?(?:\*\*|__)?\s*:?$/i;

/** "TODO:", "MUST:", "Shopping list" — a label introducing a non-study list. */
export function isListLabel(text: string): boolean {
  return LIST_LABEL.test(text.trim());
}

/** Lines that each end with a number (and maybe a unit): calorie lists, expenses, logs. */
function isNumberLog(lines: string[]): boolean {
  const content = lines.map((l) => l.trim()).filter(Boolean);
  if (content.length < 3) return false;
  const numeric = content.filter((l) => l.length <= 48 && /\d+(?:[.,:]\d+)?\s*(?:[a-zA-Z%$€£]{1,5})?$/.test(l.replace(/^(?:[-*+•·]\s+)/, "")));
  return numeric.length / content.length >= 0.75;
}

/**
 * Lists of source titles pasted by chat exports: long, no sentence punctuation at the end, mostly
 * capitalised words, with " - Site" separators, link remnants or "...Site" truncations.
 */
export function isCitationText(text: string): boolean {
  const t = text.trim();
  if (/(?:\.\.\.|…)[A-Z][\w.]+$/.test(t) && t.length < 200) return true;
  if (t.length < 80 || /[.!?:;)"”]$/.test(t)) return false;
  if (!/\s[-–|]\s|\]\(|https?:\/\//.test(t)) return false;
  const words = plainText(t).split(/\s+/).filter((w) => /^[\p{L}]/u.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length >= 6 && capitalised / words.length >= 0.5;
}

/**
 * Marks furniture blocks in a run of blocks. Needs the sequence because some furniture spans blocks
 * (a "TODO:" paragraph and its list; an export's "[", title, "](url)" link pieces).
 */
export function furnitureBlocks(blocks: Block[], lines: string[]): Set<Block> {
  const out = new Set<Block>();
  const textOf = (b: Block) => lines.slice(b.start, b.end + 1);
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if (b.type === "html") {
      out.add(b);
      continue;
    }
    if (b.type !== "paragraph" && b.type !== "list" && b.type !== "quote") continue;
    const ls = textOf(b).filter((l) => l.trim() !== "");
    if (ls.length === 0) continue;
    if (ls.every((l) => isFurnitureLine(l) || isLinkOnly(l))) {
      out.add(b);
    } else if (b.type === "list" && b.items.length && b.items.filter((i) => i.checked !== null).length * 2 >= b.items.length) {
      out.add(b); // task list
    } else if (isNumberLog(ls) || (ls.length === 1 && /^(?:total|sum|subtotal|grand total)\b.{0,30}\d/i.test(ls[0].trim()))) {
      out.add(b);
    } else if (b.type === "paragraph" && ls.length <= 3 && isCitationText(ls.join(" "))) {
      out.add(b);
    }
    if (b.type === "paragraph" && ls.length === 1 && isListLabel(ls[0])) {
      out.add(b);
      const next = blocks[k + 1];
      if (next && next.type === "list") out.add(next);
    }
    // An export's link card: "[" / title lines / "](https://…)site".
    if (b.type === "paragraph" && ls.length === 1 && ls[0].trim() === "[") {
      let close = -1;
      for (let j = k + 1; j < blocks.length && j <= k + 4 && close < 0; j++) if (lines[blocks[j].start].trim().startsWith("](")) close = j;
      for (let j = k + 1; j <= close; j++) out.add(blocks[j]);
    }
  }
  return out;
}

/** A list item (or line) that is a task, not knowledge. */
export function isTaskLine(line: string): boolean {
  const item = listItemOf(line);
  return item !== null && item.checked !== null;
}

/** Diary voice: first-person singular narrative ("I'm getting the idea…") is not a topic to study. */
export function isFirstPersonNarrative(text: string): boolean {
  const words = wordCount(text);
  if (words < 8) return false;
  const firstPerson = (text.match(/\b(?:I|I'm|I've|I'd|I'll|I\\'m|I\\'ve|me|my|mine|myself)\b/g) ?? []).length;
  return firstPerson / words > 0.025;
}
