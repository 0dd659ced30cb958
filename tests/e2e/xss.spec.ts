import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { revealAnswer } from "../helpers/review-page";

// Runs after import.spec.ts (alphabetical). The OWASP filter-evasion payloads, each of which sets
// window.__xss if it ever runs, go into a note (card fronts, backs, passages), a typed quiz answer and
// search queries; every page that shows them must run none and keep its layout.

const payloads = fs.readFileSync("tests/fixtures/xss/payloads.txt", "utf8").split("\n").filter(Boolean);
const NOTE = "xss-payloads.md";
const DECK = "xss-payloads";

/** Three card shapes per payload: question heading, Q/A pair, front::back; all of it is passages too. */
function payloadNote(): string {
  return payloads
    .map((payload, i) => {
      if (i % 3 === 0) return `## What does payload ${i} ${payload} do?\n\nPayload ${i} answer: ${payload}\n`;
      if (i % 3 === 1) return `Q: What is payload ${i} ${payload}?\nA: Payload ${i} is ${payload}\n`;
      return `payload ${i} ${payload}::payload ${i} back ${payload}\n`;
    })
    .join("\n");
}

interface PageFindings {
  xss: unknown;
  dialogs: string[];
  executable: string[];
  scrollWidth: number;
  viewportWidth: number;
}

const dialogs: string[] = [];

/** window.__xss, alert()s, and any executable markup that made it into the DOM (handlers, script URLs). */
async function findings(page: Page): Promise<PageFindings> {
  // Let error events of broken images, iframes and media fire.
  await page.waitForLoadState("load");
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => {
    const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "srcdoc"];
    const executable: string[] = [];
    for (const element of Array.from(document.querySelectorAll("body *"))) {
      // Next.js streams page data in self.__next_f.push("…") scripts: payload text there is a JSON string.
      const pageData = element.tagName === "SCRIPT" && /^self\.__next_f\.push\(/.test(element.textContent ?? "");
      if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "BASE", "FRAME"].includes(element.tagName) && !pageData && element.outerHTML.includes("__xss")) {
        executable.push(element.outerHTML.slice(0, 200));
      }
      for (const attribute of Array.from(element.attributes)) {
        const value = attribute.value.replace(/[\u0000-\u0020]/g, "");
        if (/^on/i.test(attribute.name) && attribute.value.includes("__xss")) executable.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
        if (urlAttributes.includes(attribute.name.toLowerCase()) && /^(javascript|vbscript|data:text\/html)/i.test(value)) executable.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
        if (attribute.name === "style" && /expression\(|javascript:/i.test(value)) executable.push(`${element.tagName} style=${attribute.value}`);
      }
    }
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      executable,
      scrollWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
    };
  });
  return { ...found, dialogs: [...dialogs] };
}

async function expectSafe(page: Page, where: string): Promise<void> {
  const found = await findings(page);
  expect(found.xss, `${where}: a payload ran`).toBeUndefined();
  expect(found.dialogs, `${where}: a payload opened a dialog`).toEqual([]);
  expect(found.executable, `${where}: executable markup in the DOM`).toEqual([]);
  await expect(page.getByRole("navigation", { name: "Main" }), `${where}: the nav is gone`).toBeVisible();
  expect(found.scrollWidth, `${where}: the page is wider than the window`).toBeLessThanOrEqual(found.viewportWidth + 2);
  await page.screenshot({ path: `test-results/xss-${where.replace(/[^a-z0-9]+/gi, "-")}.png`, fullPage: true });
}

test.describe.configure({ mode: "serial" });

test.beforeEach(({ page }) => {
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

test("a note full of XSS payloads imports through the Import page; cards and note views run none", async ({ page }) => {
  fs.writeFileSync(path.join(process.env.RECALL_E2E_DIR!, "notes", NOTE), payloadNote());
  await page.goto("/import");
  await page.getByRole("textbox").fill(NOTE);
  await page.getByRole("button", { name: "Import" }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result).toContainText(NOTE);
  await expectSafe(page, "import result");

  await page.goto(`/cards?deck=${DECK}`);
  const cards = page.getByTestId("card-list").locator("li");
  expect(await cards.count()).toBeGreaterThanOrEqual(payloads.length / 2);
  for (const details of await page.locator("details").all()) await details.evaluate((element) => element.setAttribute("open", ""));
  await expectSafe(page, "cards");

  await page.goto(`/notes?path=${encodeURIComponent(NOTE)}&lines=1-40`);
  await expect(page.getByRole("heading", { name: NOTE })).toBeVisible();
  await expectSafe(page, "note");
  await page.goto(`/cards?q=${encodeURIComponent(payloads[0])}`);
  await expectSafe(page, "cards text filter");
  await page.goto(`/notes?path=${encodeURIComponent(payloads[7])}`);
  await expectSafe(page, "unknown note path");
});

test("search results for the payload cards, and payloads as search queries, run none", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/search?q=payload");
  await expect(page.getByText(/payload \d+/i).first()).toBeVisible({ timeout: 60_000 });
  await expectSafe(page, "search results");
  for (const [i, payload] of payloads.slice(0, 8).entries()) {
    await page.goto(`/search?q=${encodeURIComponent(payload)}&mode=keyword`);
    await expectSafe(page, `search query ${i}`);
  }
});

test("home, decks, duplicates and stats list the payload deck and cards without running them", async ({ page }) => {
  test.setTimeout(180_000);
  for (const route of ["/", "/decks", "/duplicates", "/stats"]) {
    await page.goto(route);
    await expectSafe(page, route === "/" ? "home" : route.slice(1));
  }
});

test("reviewing the payload cards, front and back, runs none of them", async ({ page }) => {
  await page.goto(`/review?deck=${DECK}`);
  const card = page.getByTestId("review-card");
  await expect(card).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await revealAnswer(page);
    await expectSafe(page, `review card ${i}`);
    const id = await card.getAttribute("data-card-id");
    await page.keyboard.press("3");
    await expect(card).not.toHaveAttribute("data-card-id", id!);
  }
});

test("a quiz answer made of payloads is graded and shown without running any", async ({ page }) => {
  await page.goto("/quiz");
  await page.getByLabel("Deck").selectOption(DECK);
  await page.getByLabel("Questions", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Start quiz" }).click();
  await expect(page.getByTestId("quiz-question")).toBeVisible();
  await expectSafe(page, "quiz question");

  await page.getByLabel("Your answer").fill(payloads.join("\n"));
  await page.getByRole("button", { name: "Grade my answer" }).click();
  await expect(page.getByTestId("grade-result")).toBeVisible({ timeout: 60_000 });
  await expectSafe(page, "quiz graded");
});
