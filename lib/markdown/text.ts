/** Small string helpers shared by the shape recognisers: cleaning fronts, tags, inline Markdown. */

const TAG = /(^|[\s(,;])#([\p{L}\p{N}_\-/]*[\p{L}_\-/][\p{L}\p{N}_\-/]*)/gu;
/** Anki's text-export headers (`#separator:tab`) look like tags but are not. */
const ANKI_HEADER = /^#(?:separator|html|deck|tags|notetype|columns|guid|if matches|deck column|tags column|notetype column):/i;

/** Tags written inline (`#ml`, `#flashcards/nlp`), lowercase, without '#'. Skips inline code. */
export function inlineTags(line: string): string[] {
  if (!line.includes("#") || ANKI_HEADER.test(line.trim())) return [];
  const tags: string[] = [];
  for (const m of line.matchAll(TAG)) {
    const tag = m[2].replace(/\/+$/, "").toLowerCase();
    if (tag) tags.push(tag);
  }
  return tags;
}

export function removeTags(line: string, which?: (tag: string) => boolean): string {
  if (!line.includes("#")) return line;
  return line.replace(TAG, (all, lead: string, tag: string) => (!which || which(tag.toLowerCase()) ? lead : all));
}

/** A line made only of tags (optionally labelled `tags:`) labels the whole note. */
export function isTagLine(line: string): boolean {
  const t = line.trim().replace(/^tags\s*::?\s*/i, "");
  return t.startsWith("#") && removeTags(t).replace(/[\s,]/g, "") === "" && inlineTags(t).length > 0;
}

const NUMBERING = [
  /^(?:Q(?:uestion)?|No\.?)\s*\d{1,4}\s*[.):\-–]?\s+/i, // Q3. / Question 3: / No. 4
  /^\d{1,4}(?:\.\d{1,3})*\s*[.):](?!\d)\s*/, // 1. / 12) / 1.2. / 3:
  /^\d{1,4}(?:\.\d{1,3})+\s+/, // 1.2 Title
  /^\d{1,3}\s*[-–]\s+/, // 3 - Title
  /^\.\s+/, // "# . What…" (a lost number)
  /^(?:[IVXLC]{1,6})\.\s+/, // roman numerals
  /^[a-z]\)\s+/, // a) b)
];
const LABEL = /^(?:(?:Q(?:uestion)?\s*\d*|Front)\s*[:.)]|(?:you said|you|user|me|human|prompt|student)\s*:)\s*/i;
const BULLET = /^(?:[-*+•·▪‣◦]\s+)+/;

/** Removes a whole-string bold/italic wrapper: `**x**`, `__x__`, `*x*`. */
export function unwrapEmphasis(s: string): string {
  let t = s.trim();
  for (let k = 0; k < 3; k++) {
    const m = /^(\*\*|__|\*|_)(.+)\1([:.]?)$/s.exec(t);
    if (!m || m[2].includes(m[1])) break;
    t = (m[2] + m[3]).trim();
  }
  return t;
}

/** Strips numbering, labels and bullets at the start, in any order and wrapped in bold. */
export function stripLeadingNumbering(s: string): string {
  let t = s.trim();
  for (let k = 0; k < 4; k++) {
    const before = t;
    t = t.replace(BULLET, "");
    const bold = /^(\*\*|__)([^*_]{1,24}?)\1\s*/.exec(t);
    if (bold && (NUMBERING.some((re) => re.test(bold[2] + " ")) || LABEL.test(bold[2]))) t = t.slice(bold[0].length);
    for (const re of NUMBERING) t = t.replace(re, "");
    t = t.replace(LABEL, "");
    t = unwrapEmphasis(t);
    if (t === before) break;
  }
  return t;
}

/** The clean question or title: no heading marks, bullets, numbering, labels, bold wrapper, tags, trailing colon. */
export function cleanFront(s: string): string {
  let t = s.replace(/^\s*(?:>\s*)*/, "").replace(/^#{1,6}\s+/, "").replace(/\s+#+\s*$/, "");
  t = t.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\s+/, "");
  t = removeTags(t);
  t = stripLeadingNumbering(t);
  // A leading emoji is a bullet ("❓ What is…", "🚀 Deployment"), not part of the question.
  t = t.replace(/^(?:\p{Extended_Pictographic}\uFE0F?\s*)+/u, "");
  t = t.replace(/\s*[:：]\s*$/, "");
  t = unwrapEmphasis(t);
  t = t.replace(/\s*[:：]\s*$/, "");
  return t.replace(/[ \t]+/g, " ").trim();
}

/** Plain text of inline Markdown (for classification and identity, never for display). */
export function plainText(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, "$2")
    .replace(/\[\[([^\]]*)\]\]/g, "$1")
    .replace(/<[^>]{1,200}>/g, "")
    .replace(/(\*\*|__|~~|==)/g, "")
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, "$1$2")
    .replace(/`+/g, "")
    .replace(/\\([\\`*_{}[\]()#+\-.!'"])/g, "$1");
}

export function wordCount(s: string): number {
  const m = s.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return m ? m.length : 0;
}

/**
 * Common mojibake from UTF-8 read as Windows-1252 ("Googleâ€™s"); repaired in card text because a
 * person studying the card should not see it.
 */
const MOJIBAKE: [RegExp, string][] = [
  [/â€™/g, "’"],
  [/â€˜/g, "‘"],
  [/â€œ/g, "“"],
  [/â€\u009d|â€\u201d/g, "”"],
  [/â€“/g, "–"],
  [/â€”/g, "—"],
  [/â€¦/g, "…"],
  [/Â /g, " "],
];
export function repairMojibake(s: string): string {
  if (!s.includes("â€") && !s.includes("Â ")) return s;
  let t = s;
  for (const [re, to] of MOJIBAKE) t = t.replace(re, to);
  return t;
}

/** Removes common leading indentation and blank edge lines. */
export function dedent(lines: string[]): string {
  let start = 0;
  let end = lines.length - 1;
  while (start <= end && lines[start].trim() === "") start++;
  while (end >= start && lines[end].trim() === "") end--;
  const body = lines.slice(start, end + 1).map((l) => l.replace(/^[ \t]+/, (ws) => ws.replace(/\t/g, "    ")));
  let min = Infinity;
  for (const l of body) {
    if (l.trim() === "") continue;
    const indent = l.length - l.trimStart().length;
    if (indent < min) min = indent;
  }
  if (!isFinite(min) || min === 0) return body.join("\n");
  return body.map((l) => l.slice(Math.min(min, l.length - l.trimStart().length))).join("\n");
}

/** Bullets pasted from web pages ("  • item") become Markdown list items so they render as lists. Code is left alone. */
export function markdownBullets(markdown: string): string {
  if (!/[•·▪◦‣]/.test(markdown)) return markdown;
  let fence: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const f = /^\s*(`{3,}|~{3,})/.exec(line);
      if (f) fence = fence === null ? f[1][0] : fence === f[1][0] ? null : fence;
      return fence === null ? line.replace(/^(\s*)[•·▪◦‣]\s+/, "$1- ") : line;
    })
    .join("\n");
}
