const NOTE_EXTENSION = /\.(?:md|markdown|mdown|mkd|txt)$/i;

/**
 * The deck a note belongs to when it does not name one: its path without the extension, with
 * '/' separating deck levels ("interview/ml.md" → "interview/ml"; "notes.md" → "notes").
 */
export function deckFromPath(relativePath: string): string {
  const stack = normalisedSegments(relativePath.replace(/\\/g, "/")).filter((p) => p !== "..");
  if (stack.length === 0) return "";
  stack[stack.length - 1] = stack[stack.length - 1].replace(NOTE_EXTENSION, "");
  return stack.filter((p) => p !== "").join("/");
}

/** Anki writes nested decks as `A::B`; ours are `A/B`. */
export function deckName(name: string): string {
  return name
    .trim()
    .split(/::|\//)
    .map((p) => p.trim())
    .filter(Boolean)
    .join("/");
}

/** Path segments with "." and "a/.." removed; leading ".." kept (the path leaves its base). No node:path, so this runs in browsers too. */
function normalisedSegments(p: string): string[] {
  const stack: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && stack.length && stack[stack.length - 1] !== "..") stack.pop();
    else stack.push(part);
  }
  return stack;
}

function dirname(p: string): string {
  const at = p.lastIndexOf("/");
  return at < 0 ? "" : p.slice(0, at);
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

const IMAGE_FILE = /\.(?:png|jpe?g|gif|svg|webp|bmp|avif|tiff?)$/i;

function isRelative(url: string): boolean {
  return url !== "" && !/^(?:[a-z][a-z0-9+.-]*:|\/|#|\/\/)/i.test(url);
}

/** Resolves a relative reference against the note's folder; leaves it alone if it would leave the root. */
function resolveFrom(noteDir: string, url: string): string {
  if (!isRelative(url)) return url;
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // keep the raw reference
  }
  const segments = normalisedSegments(`${noteDir}/${decoded}`);
  if (segments[0] === "..") return url;
  return segments.join("/");
}

function markdownDestination(p: string): string {
  return /[\s()<>]/.test(p) ? `<${p.replace(/[<>]/g, "")}>` : p;
}

/**
 * Rewrites relative image references in Markdown so they are relative to the import root:
 * `![x](img/a.png)` in `notes/ml.md` → `![x](notes/img/a.png)`; Obsidian embeds `![[a.png|300]]`
 * become standard images; `<img src>` is handled too.
 */
export function resolveImagePaths(markdown: string, notePath: string): string {
  if (!markdown.includes("![") && !/<img\s/i.test(markdown)) return markdown;
  const dir = dirname(notePath.replace(/\\/g, "/"));
  return markdown
    .replace(/(!\[[^\]]*\]\()\s*(<[^>]*>|[^)\s]+)((?:\s+"[^"]*")?\s*\))/g, (all, open: string, dest: string, close: string) => {
      const bare = dest.startsWith("<") ? dest.slice(1, -1) : dest;
      const resolved = resolveFrom(dir, bare);
      return resolved === bare ? all : `${open}${markdownDestination(resolved)}${close}`;
    })
    .replace(/(<img\s[^>]*?src\s*=\s*)(["'])([^"']*)\2/gi, (all, open: string, quote: string, src: string) => {
      const resolved = resolveFrom(dir, src);
      return resolved === src ? all : `${open}${quote}${resolved}${quote}`;
    })
    // Obsidian embeds last, so the images they become are not resolved twice.
    .replace(/!\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]/g, (all, target: string, alias?: string) => {
      if (!IMAGE_FILE.test(target.trim())) return all;
      const alt = alias && !/^\d+(?:x\d+)?$/.test(alias.trim()) ? alias.trim() : basename(target.trim());
      return `![${alt}](${markdownDestination(resolveFrom(dir, target.trim()))})`;
    });
}
