import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Runs after import.spec.ts, on the demo notes. The query shares almost no words with its target,
// the "Preventing Overfitting in LLMs" section of llm-interview-questions.md (lines 264–282), whose
// only matching word is "memorize" (stemmed like "memorizing").
const QUERY = "keeping a network from memorizing the examples it learns from";
const TARGET = "Explain: Preventing Overfitting in LLMs";
const SOURCE = "llm-interview-questions.md:264–282";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  // import.spec.ts put the demo notes there; importing them again changes nothing, and lets this file run alone.
  const notesDir = path.join(process.env.RECALL_E2E_DIR!, "notes");
  for (const file of fs.readdirSync("content")) {
    if (!fs.existsSync(path.join(notesDir, file))) fs.copyFileSync(path.join("content", file), path.join(notesDir, file));
  }
  const response = await request.post("/api/import", { data: { paths: [] }, timeout: 180_000 });
  expect(response.ok()).toBe(true);
});

test("a paraphrase finds its card as you type; the keyboard opens the note at the card's lines", async ({ page }) => {
  await page.goto("/search");
  const box = page.getByRole("combobox", { name: "Search cards and notes" });
  await expect(box).toBeFocused();
  // Typed key by key, never submitted: results come from the debounced search as you type.
  await box.pressSequentially(QUERY, { delay: 15 });
  await expect(page).toHaveURL(`/search?q=${encodeURIComponent(QUERY).replace(/%20/g, "+")}`);
  const hits = page.getByTestId("search-hit");
  const target = hits.filter({ has: page.getByText(TARGET, { exact: true }) });
  await expect(target).toHaveCount(1);
  await expect(page.getByText(/^\d+ results?$/)).toBeVisible();

  // Among the first three hits, with the matched word marked and the lines it came from.
  const fronts = await hits.evaluateAll((items) => items.map((item) => item.textContent ?? ""));
  const index = fronts.findIndex((text) => text.includes(TARGET));
  expect(index, fronts.slice(0, 5).join("\n---\n")).toBeGreaterThanOrEqual(0);
  expect(index).toBeLessThan(3);
  await expect(target.locator("mark").first()).toHaveText(/^memoriz/i);
  await expect(target.getByRole("link", { name: `from ${SOURCE}` })).toBeVisible();
  // The note passage that only repeats this card's sentence (line 268, inside the card's lines) is folded into it.
  await expect(hits.filter({ has: page.getByRole("link", { name: "from llm-interview-questions.md:268" }) })).toHaveCount(0);
  await expect(hits.first()).toHaveAttribute("aria-selected", "true");
  await page.screenshot({ path: "test-results/search-results.png" });

  // ↓ moves the selection (and the combobox's active option) down to the card, ↑ back, ↓ again.
  for (let i = 0; i < index; i++) await box.press("ArrowDown");
  await expect(target).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await target.getAttribute("id"))!);
  if (index > 0) {
    await box.press("ArrowUp");
    await expect(target).toHaveAttribute("aria-selected", "false");
    await box.press("ArrowDown");
  }
  await expect(target).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");

  // The note viewer, scrolled to the card's lines and marking exactly them.
  await expect(page).toHaveURL(/\/notes\?path=llm-interview-questions\.md&lines=264-282#L264$/);
  await expect(page.locator("#L264")).toHaveClass(/bg-amber-100/);
  await expect(page.locator("#L264")).toContainText("Preventing Overfitting in LLMs");
  await expect(page.locator("#L264")).toBeInViewport();
  await expect(page.locator("#L282")).toHaveClass(/bg-amber-100/);
  await expect(page.locator("#L263")).not.toHaveClass(/bg-amber-100/);
  await expect(page.locator("#L283")).not.toHaveClass(/bg-amber-100/);
  await page.screenshot({ path: "test-results/search-note-lines.png" });

  // Back on the results (the URL kept the query): the card's similar cards, each with its source.
  await page.goBack();
  await expect(box).toHaveValue(QUERY);
  const similar = target.getByRole("button", { name: "Similar cards" });
  await similar.click();
  await expect(similar).toHaveAttribute("aria-expanded", "true");
  const neighbours = target.getByTestId("similar-card");
  await expect(neighbours.first()).toBeVisible();
  expect(await neighbours.count()).toBeGreaterThanOrEqual(3);
  await expect(neighbours.filter({ hasText: "Preventing Overfitting in LLMs ›" }).first()).toBeVisible();
  await expect(neighbours.first().getByRole("link", { name: /^from llm-interview-questions\.md:\d+/ })).toBeVisible();
  await target.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/search-similar.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
  expect(width.page, "the search page is wider than the phone").toBeLessThanOrEqual(width.window);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/search-phone.png" });
  await similar.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/search-phone-similar.png" });
});

test("a note passage hit opens at its own lines; an unmatched query says so", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent(QUERY)}&type=passage`);
  const first = page.getByTestId("search-hit").first();
  await expect(first).toContainText("note");
  const source = first.getByRole("link", { name: /^from [\w.-]+\.md:\d+/ });
  const label = (await source.textContent())!;
  const [, file, start] = /^from ([\w.-]+\.md):(\d+)/.exec(label)!;
  await source.click();
  await expect(page).toHaveURL(new RegExp(`/notes\\?path=${file.replace(/\./g, "\\.")}&lines=${start}-\\d+#L${start}$`));
  await expect(page.locator(`#L${start}`)).toHaveClass(/bg-amber-100/);

  await page.goto("/search");
  await page.getByRole("combobox", { name: "Search cards and notes" }).fill('"zyxwvut qwerty"');
  await page.getByRole("radio", { name: "Words" }).click();
  await expect(page.getByText("Nothing matches.")).toBeVisible();
});

test("the Duplicates page shows the demo's near-duplicate groups, on a desktop and a phone", async ({ page }) => {
  // The demo's closest pairs are 0.86–0.90 similar; nothing reaches the default 0.9.
  await page.goto("/duplicates?threshold=0.85");
  const clusters = page.getByTestId("duplicate-cluster");
  const contrastive = clusters.filter({ hasText: "What is contrastive learning?" });
  await expect(contrastive).toHaveCount(1, { timeout: 60_000 });
  await expect(contrastive.getByText("What is contrastive learning?", { exact: true })).toHaveCount(2);
  await expect(contrastive.getByRole("button", { name: "Keep this one" })).toHaveCount(2);
  await expect(contrastive.getByRole("button", { name: "Not duplicates" })).toBeVisible();
  // A long answer is cut with a fade, and can be read whole before choosing.
  const showAll = clusters.getByRole("button", { name: "Show all" }).first();
  await showAll.click();
  await expect(clusters.getByRole("button", { name: "Show less" }).first()).toHaveAttribute("aria-expanded", "true");
  await page.screenshot({ path: "test-results/duplicates.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
  expect(width.page, "the duplicates page is wider than the phone").toBeLessThanOrEqual(width.window);
  await page.screenshot({ path: "test-results/duplicates-phone.png", fullPage: true });
});
