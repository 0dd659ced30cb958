import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeKatex from "rehype-katex";
import rehypeHighlight from "rehype-highlight";
import rehypeStringify from "rehype-stringify";
import type { Root, Element } from "hast";
import type { Options as SanitizeSchema } from "rehype-sanitize";
import { MAX_RENDER_CHARS, MAX_RENDER_DELIMITERS, MAX_RENDER_NESTING } from "./limits";
import { scanNote } from "./scan";

const PIECE_CHARS = 4000;
const PIECE_CONTAINERS = 8;

/**
 * Sanitising runs before KaTeX and highlighting: it cleans what came from the note, then the two
 * trusted transforms add their markup (KaTeX's inline styles and MathML need no allowance that a note
 * could abuse). The only extension keeps remark-math's classes so math survives sanitising.
 */
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [["className", /^language-./, "math-inline", "math-display"]],
  },
};

function isRelative(url: string): boolean {
  return url !== "" && !/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(url);
}

/** Prefixes relative link and image URLs with baseUrl (e.g. a route that serves the notes folder). */
function rehypeBaseUrl(baseUrl: string | undefined) {
  return () => (tree: Root) => {
    if (!baseUrl) return;
    const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
    const todo: (Root | Element)[] = [tree];
    while (todo.length) {
      const node = todo.pop()!;
      for (const child of node.children) {
        if (child.type !== "element") continue;
        for (const prop of ["src", "href"] as const) {
          const value = child.properties[prop];
          if (typeof value === "string" && isRelative(value)) child.properties[prop] = base + value;
        }
        todo.push(child);
      }
    }
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Deeper than the limit, or pathological delimiter runs: remark would take minutes or overflow the stack. */
function tooComplexToRender(markdown: string): boolean {
  if (/[*_`~\[\]]{65}/.test(markdown)) return true;
  if ((markdown.match(/[*_[\]$]/g)?.length ?? 0) > MAX_RENDER_DELIMITERS) return true;
  for (const line of markdown.split("\n")) {
    const prefix = /^[\s>*+\-]*/.exec(line)?.[0] ?? "";
    const markers = (prefix.match(/[>*+-]/g) ?? []).length;
    const indent = prefix.replace(/\t/g, "    ").match(/ /g)?.length ?? 0;
    if (markers > MAX_RENDER_NESTING || indent / 2 > MAX_RENDER_NESTING) return true;
  }
  return false;
}

/**
 * Splits Markdown at top-level block boundaries into pieces rendered one by one: micromark is
 * quadratic in the number of lists and quotes in one document (3,000 short lists take half a minute),
 * linear when they are parsed apart. Notes with reference-style link definitions stay whole, so their
 * references resolve.
 */
function renderPieces(markdown: string): string[] {
  if (markdown.length <= PIECE_CHARS || /^ {0,3}\[[^\]]+\]:\s/m.test(markdown)) return [markdown];
  const { raw, blocks, frontmatter } = scanNote(markdown);
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  let containers = 0;
  for (const block of blocks) {
    if (frontmatter && block.start <= frontmatter.end) continue;
    if (block.start > start && (size >= PIECE_CHARS || containers >= PIECE_CONTAINERS)) {
      pieces.push(raw.slice(start, block.start).join("\n"));
      start = block.start;
      size = 0;
      containers = 0;
    }
    for (let i = block.start; i <= block.end; i++) size += raw[i].length + 1;
    if (block.type === "list" || block.type === "quote") containers++;
  }
  pieces.push(raw.slice(start).join("\n"));
  return pieces;
}

/**
 * Card or note Markdown → safe HTML: GFM (tables, task lists, strikethrough), math with KaTeX, code
 * highlighting. Raw HTML from the note is dropped and URLs are limited to safe protocols, so nothing a
 * note contains can run script. Markdown too large or too deeply nested is shown as plain text.
 */
// Building the pipeline costs more than rendering a card, so one frozen processor per base URL is kept.
const processors = new Map<string, ReturnType<typeof buildProcessor>>();

function buildProcessor(baseUrl: string | undefined) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkRehype)
    .use(rehypeBaseUrl(baseUrl))
    .use(rehypeSanitize, schema)
    .use(rehypeKatex)
    .use(rehypeHighlight, { detect: false })
    .use(rehypeStringify)
    .freeze();
}

export function renderMarkdown(markdown: string, options: { baseUrl?: string } = {}): string {
  const plain = (text: string) => `<pre class="recall-plain">${escapeHtml(text)}</pre>`;
  if (markdown.length > MAX_RENDER_CHARS) return plain(markdown);
  const key = options.baseUrl ?? "";
  let processor = processors.get(key);
  if (!processor) processors.set(key, (processor = buildProcessor(options.baseUrl)));
  return renderPieces(markdown)
    .map((piece) => {
      if (tooComplexToRender(piece)) return plain(piece);
      try {
        return String(processor.processSync(piece));
      } catch {
        return plain(piece);
      }
    })
    .join("\n");
}
