import fs from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../lib/markdown";
import { GradeView, type GradeResult } from "../../app/grade-view";

/**
 * The OWASP filter-evasion payloads (tests/fixtures/xss/payloads.txt, also used by tests/e2e/xss.spec.ts)
 * through the two ways text reaches the page: Markdown rendered to HTML (card fronts and backs, notes),
 * and React text (LLM explanations, points, cited passages). Nothing executable may come out.
 */
const payloads = fs.readFileSync("tests/fixtures/xss/payloads.txt", "utf8").split("\n").filter(Boolean);

const decodeEntities = (text: string) =>
  text.replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)));

/** Executable markup in HTML: script-capable elements, event handlers, script URLs and CSS (in tags, not in text). */
function executableParts(html: string): string[] {
  return [...html.matchAll(/<[a-z][^>]*>/gi)]
    .map(([tag]) => tag)
    .filter((tag) => {
      const decoded = decodeEntities(tag);
      // URL parsers drop tabs, newlines and leading control characters, so "jav\tascript:" is javascript:.
      const squeezed = decoded.replace(/[\u0000-\u0020]/g, "");
      return (
        /^<(script|iframe|object|embed|style|link|meta|base|form|body|isindex|frame|applet)\b/i.test(tag) ||
        /[\s/"'`]on[a-z]+\s*=/i.test(decoded) ||
        /(?:href|src|action|formaction|data|background|srcdoc)=["'`]?(?:javascript|vbscript|data):/i.test(squeezed) ||
        /style=[^>]*(?:expression\(|javascript:)/i.test(squeezed)
      );
    });
}

describe("payloads rendered as Markdown (cards, notes)", () => {
  it("the check itself flags the raw HTML payloads", () => {
    const htmlPayloads = payloads.filter((payload) => payload.startsWith("<"));
    expect(htmlPayloads.filter((payload) => executableParts(payload).length === 0)).toEqual(["<scr<script>ipt>window.__xss=1</scr</script>ipt>"]);
  });

  it.each(payloads)("%s", (payload) => {
    for (const markdown of [payload, `Some text ${payload} more text`, `- item\n  ${payload}`, `> ${payload}`, `| a |\n|---|\n| ${payload} |`]) {
      const html = renderMarkdown(markdown);
      expect(executableParts(html), html).toEqual([]);
    }
  });

  it("all of them in one note", () => {
    const html = renderMarkdown(payloads.map((payload, i) => `## Payload ${i}\n\n${payload}\n`).join("\n"));
    expect(executableParts(html)).toEqual([]);
    expect(html).toContain("Payload 55");
  });
});

describe("payloads in an LLM grade, rendered by GradeView", () => {
  it("every field of the grade and the cited passages is shown as text", () => {
    const joined = payloads.join("\n");
    const result: GradeResult = {
      answerId: "answer-1",
      grade: {
        score: 2.5,
        verdict: "partly",
        pointsHit: payloads.slice(0, 20),
        pointsMissed: payloads.slice(20),
        explanation: joined,
        citations: ["passage-1"],
        grader: "llm",
        model: payloads[0],
        fallbackReason: payloads[1],
      },
      passages: payloads.map((payload, i) => ({ id: `passage-${i}`, text: payload, source: { path: payload, startLine: 1, endLine: 2 }, cited: true })),
      suggestedRating: 2,
    };
    const html = renderToStaticMarkup(createElement(GradeView, { state: { status: "done", result } }));
    expect(executableParts(html)).toEqual([]);
    // The text is there, escaped: the user sees what the model wrote.
    expect(html).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;");
  });

  it("a streamed explanation is text too", () => {
    const html = renderToStaticMarkup(createElement(GradeView, { state: { status: "grading", streamed: payloads.join(" ") } }));
    expect(executableParts(html)).toEqual([]);
  });
});
