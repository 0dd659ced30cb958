/**
 * Markdown to the plain words a sentence model should see: markup characters carry no meaning for it
 * and only use up its 256-token window. Cheap regexes, not a parser: good enough for embedding input.
 */
export function plainTextForEmbedding(markdown: string): string {
  return markdown
    .replace(/^\s*(```|~~~).*$/gm, " ") // code fence lines (the code itself stays)
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<\/?[a-zA-Z][^>]*>/g, " ") // HTML tags
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images → alt text
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1") // links → link text
    .replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_, target: string, label?: string) => label ?? target) // wiki links
    .replace(/^\s{0,3}#{1,6}\s+/gm, "") // heading markers
    .replace(/^\s{0,3}>\s?/gm, "") // blockquotes
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/gm, "") // list bullets and task boxes
    .replace(/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, " ") // table separator rows
    .replace(/\\([!-/:-@[-`{-~])/g, "$1") // backslash escapes: exports are full of them (it\'s, snake\_case)
    .replace(/\|/g, " ")
    .replace(/(\*\*|__|~~|\*|`+|\$\$?)/g, "") // emphasis, code and math delimiters
    .replace(/(^|\s)_(\S)/g, "$1$2")
    .replace(/(\S)_(\s|$)/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}
