import { renderMarkdown } from "@/lib/markdown";

/** Card or note Markdown as sanitised HTML (GFM, KaTeX, highlighted code): nothing from a note can run script. */
export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  return <div className={`prose-recall ${className}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
