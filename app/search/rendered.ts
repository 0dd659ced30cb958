import { renderMarkdown } from "@/lib/markdown";
import type { SearchResult } from "@/lib/search";

/** A hit with its Markdown rendered to sanitised HTML (lib/markdown), for the search page. */
export interface RenderedResult extends SearchResult {
  html: { front?: string; back?: string; text?: string };
}

export function withHtml(results: SearchResult[]): RenderedResult[] {
  return results.map((result) => ({
    ...result,
    html:
      result.type === "card"
        ? { front: renderMarkdown(result.front ?? ""), back: result.back ? renderMarkdown(result.back) : undefined }
        : { text: renderMarkdown(result.text ?? "") },
  }));
}
