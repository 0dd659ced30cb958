/** Text with the given words wrapped in <mark> (whole words, any case); React escapes the rest. */
export function Highlighted({ text, words }: { text: string; words: string[] }) {
  const escaped = words.filter(Boolean).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (escaped.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const parts = text.split(pattern);
  // split() with one capture group alternates text, match, text, match, ...
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-inherit">{part}</mark> : part))}</>;
}
