/** Matches any of the words as a whole word, in any case. */
export function wordPattern(words: string[]): RegExp | null {
  const escaped = words.filter(Boolean).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return escaped.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

/**
 * Wraps the words in <mark> inside rendered HTML, text nodes only (never inside math or an existing
 * mark), so the markup and the sanitiser's guarantees are untouched.
 */
export function markWords(root: HTMLElement, words: string[]): void {
  const pattern = wordPattern(words);
  if (!pattern) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(".katex, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  while (walker.nextNode()) nodes.push(walker.currentNode as Text);
  for (const node of nodes) {
    const parts = (node.textContent ?? "").split(pattern);
    if (parts.length === 1) continue;
    const fragment = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) fragment.append(part);
      } else {
        const mark = document.createElement("mark");
        mark.className = "rounded-sm bg-amber-200 px-0.5";
        mark.textContent = part;
        fragment.append(mark);
      }
    });
    node.replaceWith(fragment);
  }
}
