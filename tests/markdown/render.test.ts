import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/markdown";

describe("renderMarkdown", () => {
  it("renders GFM tables, task lists and strikethrough", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~");
    expect(html).toContain("<table>");
    expect(html).toContain('type="checkbox"');
    expect(html).toContain("<del>old</del>");
  });

  it("renders inline and display math with KaTeX", () => {
    const html = renderMarkdown("Inline $x^2$ and\n\n$$\n\\frac{a}{b}\n$$");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
  });

  it("highlights fenced code by its language", () => {
    const html = renderMarkdown("```python\ndef f():\n    return 1\n```");
    expect(html).toContain('class="hljs language-python"');
    expect(html).toContain('<span class="hljs-keyword">def</span>');
  });

  it.each([
    ["<script>", "<script>alert(1)</script>"],
    ["onerror=", '<img src="x" onerror="alert(1)">'],
    ["javascript: link", "[click](javascript:alert(1))"],
    ["javascript: image", "![x](javascript:alert(1))"],
    ["<iframe>", '<iframe src="https://evil.example"></iframe>'],
    ["<svg onload>", "<svg onload=alert(1)><circle/></svg>"],
    ["style and forms", '<a href="#" style="position:fixed">x</a><form action="/steal"><input name=p></form>'],
    ["KaTeX \\href", "$\\href{javascript:alert(1)}{x}$"],
  ])("nothing from a note can run script: %s", (_, markdown) => {
    const html = renderMarkdown(markdown);
    expect(html).not.toMatch(/<script|\son\w+\s*=|(?:href|src)\s*=\s*["']?\s*javascript:|<iframe|<svg|<form|style="position/i);
  });

  it("resolves relative links and images against baseUrl, leaving absolute URLs alone", () => {
    const html = renderMarkdown("![d](notes/img/a.png) [x](https://example.com) [y](other.md)", { baseUrl: "/files" });
    expect(html).toContain('src="/files/notes/img/a.png"');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('href="/files/other.md"');
  });

  it("shows pathological Markdown as plain text instead of hanging or overflowing the stack", () => {
    expect(renderMarkdown("- ".repeat(10_000) + "x")).toMatch(/^<pre class="recall-plain">- - -/);
    expect(renderMarkdown("*".repeat(10_000) + "x" + "*".repeat(10_000))).toMatch(/^<pre class="recall-plain">/);
    expect(renderMarkdown("<b>".repeat(3) + "&")).not.toContain("<b>");
  });

  it("renders many short lists in linear time, piece by piece", () => {
    const html = renderMarkdown("- item\n\nParagraph between lists.\n\n".repeat(1_500));
    expect(html.match(/<ul>/g)?.length).toBe(1_500);
  });
});
