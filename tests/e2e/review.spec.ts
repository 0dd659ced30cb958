import { expect, test } from "@playwright/test";
import { revealAnswer } from "../helpers/review-page";

// Runs after import.spec.ts, which imports notes through the Import page: there are cards to review.

test("review three cards by keyboard only, undo one, then see the stats charts", async ({ page }) => {
  await page.goto("/review");
  const card = page.getByTestId("review-card");
  await expect(card).toBeVisible();
  await page.screenshot({ path: "test-results/review-front.png", fullPage: true });

  const answered: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await card.getAttribute("data-card-id");
    expect(id).toBeTruthy();
    await revealAnswer(page);
    await expect(page.getByTestId("rate-3")).toContainText("Good");
    if (i === 0) await page.screenshot({ path: "test-results/review-back.png", fullPage: true });
    await page.keyboard.press("3");
    await expect(page.getByTestId("notice")).toHaveText(/^Good: next in /);
    await expect(page.getByTestId("card-back")).toBeHidden();
    answered.push(id!);
    // The next card differs from the one just answered (it went on to a later learning step).
    await expect(card).not.toHaveAttribute("data-card-id", id!);
  }

  await page.keyboard.press("z");
  await expect(page.getByTestId("notice")).toHaveText("Undid Good.");
  // The undone card is back on screen, front side up.
  await expect(card).toHaveAttribute("data-card-id", answered[2]);
  await expect(page.getByTestId("card-back")).toBeHidden();
  await page.screenshot({ path: "test-results/review-after-undo.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press("Space");
  await expect(page.getByTestId("rate-4")).toBeVisible();
  await page.screenshot({ path: "test-results/review-phone.png", fullPage: true });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/stats");
  await expect(page.getByTestId("stats-summary")).toContainText("Reviewed today");
  await expect(page.getByTestId("reviewed-today")).toHaveText("2");
  // recharts draws bars as paths inside .recharts-bar-rectangle; the pie as sectors.
  await expect(page.getByTestId("chart-reviews").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("chart-forecast").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("chart-states").locator(".recharts-pie-sector").first()).toBeVisible();
  await expect(page.getByTestId("chart-heatmap").locator("rect[fill='#e7e5e4']").first()).toBeAttached();
  await page.screenshot({ path: "test-results/stats.png", fullPage: true });
});
