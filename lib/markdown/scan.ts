/**
 * A linear, non-recursive block scanner for notes. It finds what card recognition needs (frontmatter,
 * fenced code and math, comments, headings, paragraphs, lists with nesting, quotes, tables, rules)
 * with line positions.
 *
 * Why not remark's tree here: micromark is quadratic in the number of lists in a document (2,000 lists
 * take ~10 s), in nesting depth (a 10,000-deep list runs minutes, then overflows the stack) and in long
 * emphasis runs, and it parses ~200 KB/s on this hardware. Card recognition only needs block
 * structure, so it gets a scanner that is linear by construction; remark renders the (small) card
 * sides in render.ts, behind its own guards.
 */

export interface ListItem {
  /** 0-based line of the marker */
  line: number;
  /** last line of the item including nested items */
  end: number;
  indent: number;
  contentIndent: number;
  ordered: boolean;
  checked: boolean | null;
  /** text after the marker (and checkbox) on the first line */
  text: string;
  parent: number; // index into items, -1 for top level
}

export type Block =
  | { type: "heading"; start: number; end: number; level: number; text: string }
  | { type: "paragraph"; start: number; end: number }
  | { type: "list"; start: number; end: number; items: ListItem[] }
  | { type: "code"; start: number; end: number; lang: string; closed: boolean }
  | { type: "math"; start: number; end: number }
  | { type: "quote"; start: number; end: number }
  | { type: "table"; start: number; end: number }
  | { type: "html"; start: number; end: number }
  | { type: "break"; start: number; end: number };

export interface ScanIssue {
  line: number; // 1-based
  severity: "error" | "warning";
  message: string;
}

export interface ScannedNote {
  /** original lines */
  raw: string[];
  /** lines with comments (`<!-- -->`, `%% %%`) and page metadata removed; code untouched */
  text: string[];
  /** the line held only metadata (comment, frontmatter, <head>): transparent, neither text nor blank */
  meta: boolean[];
  /** inside a fenced code block or `$$` math block (fences included) */
  code: boolean[];
  /** original comments per line, for scheduling metadata (`<!--SR:…-->`) */
  comments: Map<number, string[]>;
  frontmatter: { start: number; end: number; text: string } | null;
  blocks: Block[];
  issues: ScanIssue[];
}

/** Lists/quotes nested deeper than this are flattened: nobody writes them, and renderers choke on them. */
export const MAX_NESTING = 64;

const CHAT_TURN = /^\s*(?:\*\*|__|#{1,6}\s+)?(?:(?:you|i|chatgpt|claude|gemini|copilot|perplexity|assistant|user|human|ai|bot|model) said|user|assistant|human|chatgpt|claude|gemini)\s*:?\s*(?:\*\*|__)?\s*$/i;
const FENCE_OPEN = /^(\s*(?:>\s?)*\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?)(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-*+•·▪‣◦]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const HTML_BLOCK =
  /^ {0,3}<\/?(?:address|article|aside|blockquote|body|center|details|dialog|div|dl|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|meta|nav|ol|p|pre|script|section|style|summary|table|tbody|td|tfoot|th|thead|title|tr|ul|!doctype)(?:[\s/>]|$)/i;

export function indentOf(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === " ") width += 1;
    else if (c === "\t") width += 4 - (width % 4);
    else break;
  }
  return width;
}

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** Strips blockquote markers; returns the quote depth and the rest. */
export function unquote(line: string): { depth: number; rest: string } {
  let depth = 0;
  let i = 0;
  for (;;) {
    let j = i;
    while (j < line.length && j - i < 4 && line[j] === " ") j++;
    if (line[j] !== ">") break;
    depth++;
    i = j + 1;
    if (line[i] === " ") i++;
  }
  return { depth, rest: depth ? line.slice(i) : line };
}

export function listItemOf(line: string): { indent: number; contentIndent: number; ordered: boolean; text: string; checked: boolean | null } | null {
  if (BREAK.test(line)) return null;
  const m = LIST_ITEM.exec(line);
  if (!m) return null;
  const marker = m[2];
  const indent = indentOf(m[1]);
  let text = m[4] ?? "";
  let checked: boolean | null = null;
  const box = /^\[([ xX])\](?:\s+|$)/.exec(text);
  if (box) {
    checked = box[1] !== " ";
    text = text.slice(box[0].length);
  }
  return {
    indent,
    contentIndent: indent + marker.length + (m[3] ? Math.min(m[3].length, 4) : 1),
    ordered: /\d/.test(marker),
    text,
    checked,
  };
}

export function headingOf(line: string): { level: number; text: string } | null {
  const m = ATX.exec(line);
  return m ? { level: m[1].length, text: (m[2] ?? "").trim() } : null;
}

/**
 * Replaces inline code spans (and `$…$` math) with filler of the same length, so separator searches
 * skip them while indices still map onto the original line. Linear in the line length.
 */
export function maskInlineCode(line: string): string {
  if (!line.includes("`") && !line.includes("$")) return line;
  const chars = line.split("");
  const runs: { at: number; len: number }[] = [];
  for (let i = 0; i < line.length; ) {
    if (line[i] === "`") {
      let j = i;
      while (j < line.length && line[j] === "`") j++;
      runs.push({ at: i, len: j - i });
      i = j;
    } else i++;
  }
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastByLen = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    nextSame[r] = lastByLen.get(runs[r].len) ?? -1;
    lastByLen.set(runs[r].len, r);
  }
  for (let r = 0; r < runs.length; r++) {
    const close = nextSame[r];
    if (close < 0) continue;
    for (let k = runs[r].at; k < runs[close].at + runs[close].len; k++) chars[k] = "\u0001";
    r = close;
  }
  let masked = chars.join("");
  if (masked.includes("$")) masked = masked.replace(/\$[^$\n]+\$/g, (m) => "\u0001".repeat(m.length));
  return masked;
}

function findFrontmatter(lines: string[]): { start: number; end: number; text: string } | null {
  if (lines[0]?.trim() !== "---") return null;
  const limit = Math.min(lines.length, 2000);
  for (let i = 1; i < limit; i++) {
    const t = lines[i].trim();
    if (t === "---" || t === "...") return { start: 0, end: i, text: lines.slice(1, i).join("\n") };
  }
  return null;
}

/** Pass 1: fenced code, math, comments and page metadata, with the issues they raise. */
function maskLines(lines: string[], firstLine: number, issues: ScanIssue[]) {
  const n = lines.length;
  const text = lines.slice();
  const meta = new Array<boolean>(n).fill(false);
  const code = new Array<boolean>(n).fill(false);
  const comments = new Map<number, string[]>();
  const codeBlocks = new Map<number, { end: number; lang: string; closed: boolean; indent: number }>();
  const mathBlocks = new Map<number, number>();
  for (let i = 0; i < firstLine; i++) meta[i] = true;

  let comment = null as { close: string; start: number; buf: string } | null;
  let inHead = false;
  for (let i = firstLine; i < n; i++) {
    const line = lines[i];
    if (!comment) {
      const fence = FENCE_OPEN.exec(line);
      if (fence && !(fence[2][0] === "`" && fence[3].includes("`"))) {
        const mark = fence[2];
        const indent = indentOf(fence[1].replace(/[>\-*+]|\d+[.)]/g, " "));
        let j = i + 1;
        let closed = false;
        for (; j < n; j++) {
          const inner = unquote(lines[j]).rest;
          const t = inner.trim();
          if (t.length >= mark.length && t[0] === mark[0] && /^(`+|~+)$/.test(t) && t.length >= mark.length) {
            closed = true;
            break;
          }
          // A fence inside a list item ends with the item: a less indented, non-blank line.
          if (indent > 0 && !isBlank(inner) && indentOf(inner) < Math.min(indent, 4) && !unquote(lines[j]).depth) {
            j--;
            break;
          }
        }
        const end = Math.min(j, n - 1);
        if (!closed && j >= n) {
          issues.push({
            line: i + 1,
            severity: "warning",
            message: `unterminated code fence (${mark.slice(0, 3)}) opened here runs to the end of the note; close it with ${mark.slice(0, 3)} on its own line`,
          });
        }
        codeBlocks.set(i, { end, lang: fence[3].trim().split(/\s+/)[0] ?? "", closed, indent });
        for (let k = i; k <= end; k++) code[k] = true;
        i = end;
        continue;
      }
      const trimmed = line.trim();
      if (trimmed.startsWith("$$") && !(trimmed.length > 2 && trimmed.endsWith("$$"))) {
        let j = i + 1;
        while (j < n && !lines[j].trim().endsWith("$$")) j++;
        if (j >= n) {
          issues.push({ line: i + 1, severity: "warning", message: "unterminated math block ($$) runs to the end of the note; close it with $$" });
          j = n - 1;
        }
        mathBlocks.set(i, j);
        for (let k = i; k <= j; k++) code[k] = true;
        i = j;
        continue;
      }
      // Turn labels of chat exports ("You said:", "ChatGPT said:") separate a question from its answer.
      if (CHAT_TURN.test(line)) {
        meta[i] = true;
        text[i] = "";
        continue;
      }
      // Page metadata of HTML exports: <head>…</head>, <meta>, <link>, <!DOCTYPE>.
      if (inHead || /^\s*<(?:head|meta|link|!doctype|html|title)[\s>]/i.test(line) || /^\s*<\/?(?:html|head|body)>\s*$/i.test(line)) {
        if (/<head[\s>]/i.test(line)) inHead = true;
        if (/<\/head>/i.test(line)) inHead = false;
        if (!/^\s*<(?:html|body)>/i.test(line) || inHead) {
          meta[i] = true;
          text[i] = "";
          continue;
        }
      }
    }
    // Comments: <!-- … --> and Obsidian's %% … %%, possibly spanning lines, never inside inline code.
    const masked: string = comment ? line : maskInlineCode(line);
    let out = "";
    let pos = 0;
    let hadComment = false;
    while (pos < line.length) {
      if (comment) {
        const close = line.indexOf(comment.close, pos);
        if (close < 0) {
          comment.buf += line.slice(pos) + "\n";
          pos = line.length;
          hadComment = true;
          break;
        }
        comment.buf += line.slice(pos, close);
        const list = comments.get(comment.start) ?? [];
        list.push(comment.buf);
        comments.set(comment.start, list);
        pos = close + comment.close.length;
        comment = null;
        hadComment = true;
        continue;
      }
      const html: number = masked.indexOf("<!--", pos);
      const pct = masked.indexOf("%%", pos);
      const at: number = html < 0 ? pct : pct < 0 ? html : Math.min(html, pct);
      if (at < 0) {
        out += line.slice(pos);
        break;
      }
      out += line.slice(pos, at);
      const isHtml: boolean = at === html;
      comment = { close: isHtml ? "-->" : "%%", start: i, buf: "" };
      pos = at + (isHtml ? 4 : 2);
    }
    if (comment && comment.start !== i) hadComment = true;
    text[i] = out;
    if (hadComment && isBlank(out)) meta[i] = true;
  }
  if (comment) {
    issues.push({
      line: comment.start + 1,
      severity: "warning",
      message: `unterminated comment (${comment.close === "-->" ? "<!--" : "%%"}) hides everything after it; close it with ${comment.close}`,
    });
  }
  return { text, meta, code, comments, codeBlocks, mathBlocks };
}

/** Clips indentation and marker chains beyond MAX_NESTING levels, keeping line numbers. */
function flattenDeepNesting(lines: string[], issues: ScanIssue[]): string[] {
  let first = -1;
  const out = lines.map((line, i) => {
    if (line.length <= MAX_NESTING) return line; // too short to be too deep
    const indent = indentOf(line);
    const deepIndent = indent > MAX_NESTING * 2;
    const prefix = /^[\s>*+\-]*/.exec(line)?.[0] ?? "";
    const markers = (prefix.match(/[>*+-]/g) ?? []).length;
    if (!deepIndent && markers <= MAX_NESTING) return line;
    if (first < 0) first = i;
    let clipped = line.slice(indent);
    if (deepIndent) clipped = " ".repeat(MAX_NESTING * 2) + clipped;
    if (markers > MAX_NESTING) {
      const body = line.slice(prefix.length);
      clipped = prefix.trimStart().replace(/\s+/g, " ").slice(0, MAX_NESTING * 2) + body;
    }
    return clipped;
  });
  if (first >= 0) {
    issues.push({
      line: first + 1,
      severity: "warning",
      message: `lists or quotes nested deeper than ${MAX_NESTING} levels were flattened`,
    });
  }
  return out;
}

export function scanNote(source: string): ScannedNote {
  const issues: ScanIssue[] = [];
  const raw = source.split("\n");
  const lines = flattenDeepNesting(raw, issues);
  const frontmatter = findFrontmatter(lines);
  const first = frontmatter ? frontmatter.end + 1 : 0;
  const masks = maskLines(lines, first, issues);
  const blocks = buildBlocks(masks.text, masks.meta, first, masks.codeBlocks, masks.mathBlocks);
  return {
    raw,
    text: masks.text,
    meta: masks.meta,
    code: masks.code,
    comments: masks.comments,
    frontmatter,
    blocks,
    issues,
  };
}

type CodeBlocks = Map<number, { end: number; lang: string; closed: boolean; indent: number }>;

function interruptsParagraph(line: string, codeBlocks: CodeBlocks, i: number): boolean {
  if (codeBlocks.has(i)) return true;
  if (ATX.test(line) || BREAK.test(line) || HTML_BLOCK.test(line)) return true;
  if (unquote(line).depth) return true;
  const item = listItemOf(line);
  return !!item && item.text.trim() !== "" && (!item.ordered || /^\s*1[.)]/.test(line)) && item.indent < 4;
}

function buildBlocks(text: string[], meta: boolean[], first: number, codeBlocks: CodeBlocks, mathBlocks: Map<number, number>): Block[] {
  const blocks: Block[] = [];
  const n = text.length;
  let i = first;
  while (i < n) {
    const line = text[i];
    if (meta[i] || isBlank(line)) {
      i++;
      continue;
    }
    const cb = codeBlocks.get(i);
    if (cb && cb.indent < 4) {
      blocks.push({ type: "code", start: i, end: cb.end, lang: cb.lang, closed: cb.closed });
      i = cb.end + 1;
      continue;
    }
    const mb = mathBlocks.get(i);
    if (mb !== undefined) {
      blocks.push({ type: "math", start: i, end: mb });
      i = mb + 1;
      continue;
    }
    const heading = headingOf(line);
    if (heading) {
      blocks.push({ type: "heading", start: i, end: i, level: heading.level, text: heading.text });
      i++;
      continue;
    }
    if (BREAK.test(line)) {
      blocks.push({ type: "break", start: i, end: i });
      i++;
      continue;
    }
    if (HTML_BLOCK.test(line)) {
      const end = runUntilBlank(text, meta, i);
      blocks.push({ type: "html", start: i, end });
      i = end + 1;
      continue;
    }
    if (unquote(line).depth) {
      const end = runUntilBlank(text, meta, i);
      blocks.push({ type: "quote", start: i, end });
      i = end + 1;
      continue;
    }
    if (line.includes("|") && i + 1 < n && TABLE_DELIMITER.test(text[i + 1]) && text[i + 1].includes("-")) {
      const end = runUntilBlank(text, meta, i);
      blocks.push({ type: "table", start: i, end });
      i = end + 1;
      continue;
    }
    if (listItemOf(line)) {
      const list = scanList(text, meta, i, codeBlocks);
      blocks.push(list);
      i = list.end + 1;
      continue;
    }
    // Paragraph, possibly turned into a setext heading by an underline.
    let j = i;
    let setext: number | null = null;
    while (j + 1 < n && !meta[j + 1] && !isBlank(text[j + 1])) {
      const next = text[j + 1];
      const underline = SETEXT.exec(next);
      if (underline && !listItemOf(next)) {
        setext = underline[1][0] === "=" ? 1 : 2;
        break;
      }
      if (interruptsParagraph(next, codeBlocks, j + 1)) break;
      j++;
    }
    if (setext !== null) {
      const headingText = text.slice(i, j + 1).map((l) => l.trim()).join(" ");
      blocks.push({ type: "heading", start: i, end: j + 1, level: setext, text: headingText });
      i = j + 2;
      continue;
    }
    blocks.push({ type: "paragraph", start: i, end: j });
    i = j + 1;
  }
  return blocks;
}

function runUntilBlank(text: string[], meta: boolean[], i: number): number {
  let j = i;
  while (j + 1 < text.length && (meta[j + 1] || !isBlank(text[j + 1]))) j++;
  while (j > i && meta[j]) j--;
  return j;
}

function scanList(text: string[], meta: boolean[], start: number, codeBlocks: CodeBlocks): Block & { type: "list" } {
  const items: ListItem[] = [];
  const stack: number[] = [];
  const baseIndent = listItemOf(text[start])!.indent;
  let lastNonBlank = start;
  let j = start;
  const n = text.length;
  while (j < n) {
    const line = text[j];
    if (meta[j] || isBlank(line)) {
      j++;
      continue;
    }
    const afterBlank = j > lastNonBlank + 1;
    const current = stack.length ? items[stack[stack.length - 1]] : null;
    const cb = codeBlocks.get(j);
    if (cb) {
      if (j === start || (current && cb.indent >= Math.min(current.contentIndent, baseIndent + 2))) {
        lastNonBlank = cb.end;
        j = cb.end + 1;
        continue;
      }
      break;
    }
    const item = listItemOf(line);
    if (item && (j === start || item.indent >= baseIndent || !afterBlank)) {
      while (stack.length && items[stack[stack.length - 1]].indent >= item.indent) stack.pop();
      items.push({
        line: j,
        end: j,
        indent: item.indent,
        contentIndent: item.contentIndent,
        ordered: item.ordered,
        checked: item.checked,
        text: item.text,
        parent: stack.length ? stack[stack.length - 1] : -1,
      });
      stack.push(items.length - 1);
      lastNonBlank = j;
      j++;
      continue;
    }
    const indent = indentOf(line);
    const structural = ATX.test(line) || BREAK.test(line) || HTML_BLOCK.test(line);
    if (current && indent >= Math.max(current.contentIndent, baseIndent + 2) - 1 && indent > baseIndent) {
      lastNonBlank = j;
      j++;
      continue;
    }
    if (!afterBlank && !structural && !unquote(line).depth) {
      lastNonBlank = j; // lazy continuation of the last item's paragraph
      j++;
      continue;
    }
    break;
  }
  const end = lastNonBlank;
  // Each item ends where the next item at the same or a shallower indent begins.
  const open: number[] = [];
  for (let k = 0; k <= items.length; k++) {
    const boundary = k < items.length ? items[k] : null;
    while (open.length && (!boundary || items[open[open.length - 1]].indent >= boundary.indent)) {
      const done = items[open.pop()!];
      done.end = boundary ? boundary.line - 1 : end;
      while (done.end > done.line && (isBlank(text[done.end]) || meta[done.end])) done.end--;
    }
    if (boundary) open.push(k);
  }
  return { type: "list", start, end, items };
}
