import { plainText, stripLeadingNumbering } from "./text";

/**
 * A front reduced to what identifies it, for matching a card across edits: lowercase, Unicode-folded,
 * without Markdown decoration, numbering ("12.", "Q3:"), punctuation and whitespace runs.
 * "**12. What is an Embedding?**" and "what is an embedding" normalise alike.
 */
export function normaliseFront(front: string): string {
  const text = plainText(stripLeadingNumbering(front.normalize("NFKC").replace(/^\s*#{1,6}\s+/, "")));
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
