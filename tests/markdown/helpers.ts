import { cardsFromMarkdown } from "@/lib/markdown";
import type { CardCandidate, Separators } from "@/lib/markdown";

/** Cards of a Markdown snippet, parsed as notes/deck/note.md. */
export function cards(markdown: string, separators?: Partial<Separators>): CardCandidate[] {
  return cardsFromMarkdown(markdown, { path: "notes/deck/note.md", separators }).cards;
}

/** [front, back] pairs: the essence of most expectations. */
export function sides(markdown: string, separators?: Partial<Separators>): [string, string][] {
  return cards(markdown, separators).map((c) => [c.front, c.back]);
}

export function fronts(markdown: string): string[] {
  return cards(markdown).map((c) => c.front);
}

/** Joins lines so multi-line snippets read naturally in tests. */
export function md(...lines: string[]): string {
  return lines.join("\n") + "\n";
}
