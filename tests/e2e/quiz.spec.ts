import { expect, test } from "@playwright/test";

// After import.spec.ts: the demo notes are imported and embedded.
test("a quiz answer is graded with a score, an explanation and a citation of the notes", async ({ page }) => {
  await page.goto("/quiz");
  await page.getByLabel("About (search)").fill("contrastive learning");
  await page.getByLabel("Questions", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Start quiz" }).click();
  const question = page.getByTestId("quiz-question");
  await expect(question).toBeVisible();

  await page.getByLabel("Your answer").fill("Training on pairs of similar and dissimilar examples so that similar ones get close embeddings and dissimilar ones end up far apart.");
  await page.getByRole("button", { name: "Grade my answer" }).click();
  const result = page.getByTestId("grade-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("grade-score")).toHaveText(/^[0-5]\.\d\/5$/);
  await expect(page.getByTestId("grade-explanation")).not.toBeEmpty();
  await expect(result).toContainText("offline grader");
  const citation = page.getByTestId("citation").first();
  await expect(citation).toBeVisible();
  await expect(citation).toContainText(/\.md:\d+–\d+/);
  await page.screenshot({ path: "test-results/quiz-graded.png", fullPage: true });

  await citation.click();
  await expect(page).toHaveURL(/\/notes\?path=/);
  await expect(page.locator("li.bg-amber-100").first()).toBeVisible();
});
