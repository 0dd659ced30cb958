import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Runs after home.spec.ts (empty state): fills the notes folder with the demo notes and imports them
// through the Import page, as a new user would. Later specs use these cards.
test("importing the demo notes from the Import page fills the decks", async ({ page }) => {
  const notesDir = path.join(process.env.RECALL_E2E_DIR!, "notes");
  for (const file of fs.readdirSync("content")) fs.copyFileSync(path.join("content", file), path.join(notesDir, file));

  await page.goto("/import");
  await page.getByRole("button", { name: "Import" }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result).toContainText("hands-on-llm-embedding-flashcards.md");
  await expect(result).toContainText("23 cards");
  await expect(result).not.toContainText("not embedded");
  await page.screenshot({ path: "test-results/import-result.png", fullPage: true });

  // Importing again changes nothing.
  await page.getByRole("button", { name: "Import" }).click();
  await expect(result).toContainText("0 added");
  await expect(result).toContainText("unchanged");

  // Uploading a note stores it as a new file under uploads/ and imports it.
  await page.getByLabel("Upload Markdown notes").setInputFiles({ name: "uploaded.md", mimeType: "text/markdown", buffer: Buffer.from("What is an uploaded card?::One that came through the browser\n") });
  await expect(result).toContainText("uploads/uploaded.md");
  await expect(result).toContainText("1 added");

  await page.goto("/");
  const decks = page.getByTestId("deck-table");
  await expect(decks).toContainText("hands-on-llm-embedding-flashcards");
  await page.screenshot({ path: "test-results/home-decks.png", fullPage: true });
});
