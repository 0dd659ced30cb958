import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Runs after home.spec.ts (empty state): fills the notes folder with the demo notes and imports them
// through the Import page, as a new user would. Later specs use these cards.
test("importing the demo notes from the Import page fills the decks", async ({ page }) => {
  const notesDir = path.join(process.env.RECALL_E2E_DIR!, "notes");
  for (const file of fs.readdirSync("content")) fs.copyFileSync(path.join("content", file), path.join(notesDir, file));

  await page.goto("/import");
  // The server's notes folder, as configured when it started (not when the app was built).
  await expect(page.getByText(`File or folder inside ${notesDir}`)).toBeVisible();
  await page.getByRole("button", { name: "Import" }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result).toContainText("hands-on-llm-embedding-flashcards.md");
  await expect(result).toContainText("23 cards");
  await expect(result).not.toContainText("not embedded");
  // 108 cards take the model many seconds: the result says so while the embed job runs, then checks them.
  const check = page.getByTestId("import-check");
  await expect(check).toContainText(/Embedding \d+ cards…/);
  await page.screenshot({ path: "test-results/import-embedding.png", fullPage: true });
  await expect(check).toContainText("No near-duplicates among the 108 new or changed cards", { timeout: 120_000 });
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

// A note that asks a demo card's question again, in other words: once its card is embedded, the import
// result flags it, with links to both cards' notes and to the Duplicates page, which lists the pair.
test("an upload that repeats a card in other words is flagged in the import result", async ({ page }) => {
  await page.goto("/import");
  const note = "What is an embedding model for?::It turns text such as documents, sentences and phrases into numeric vectors called embeddings that capture the meaning of the text, so similarity search and classification become easy.\n";
  await page.getByLabel("Upload Markdown notes").setInputFiles({ name: "paraphrase.md", mimeType: "text/markdown", buffer: Buffer.from(note) });
  await expect(page.getByTestId("import-result")).toContainText("uploads/paraphrase.md");

  const flag = page.getByTestId("duplicate-flag");
  await expect(flag).toContainText(/new card "What is an embedding model for\?" is 0\.9\d similar to "What are embedding models used for\?" in deck hands-on-llm-embedding-flashcards/, { timeout: 60_000 });
  await expect(flag).toContainText("new card: uploads/paraphrase.md:1");
  await expect(flag.getByRole("link", { name: "uploads/paraphrase.md:1" })).toHaveAttribute("href", "/notes?path=uploads%2Fparaphrase.md&lines=1-1#L1");
  await expect(flag.getByRole("link", { name: /^hands-on-llm-embedding-flashcards\.md:\d+–\d+$/ })).toBeVisible();
  await page.screenshot({ path: "test-results/import-duplicate-flag.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/import-duplicate-flag-phone.png", fullPage: true });

  await page.getByRole("link", { name: /Duplicates page/ }).click();
  const cluster = page.getByTestId("duplicate-cluster").filter({ hasText: "What is an embedding model for?" });
  await expect(cluster).toContainText("What are embedding models used for?", { timeout: 60_000 });

  // Marking the pair "not duplicates" settles the flag, and the Import page's recent imports say so.
  await cluster.getByRole("button", { name: "Not duplicates" }).click();
  await expect(cluster).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/import");
  const latest = page.getByTestId("recent-import").first();
  await expect(latest).toContainText("1 added");
  await expect(latest).toContainText("uploads/paraphrase.md");
  await expect(latest).toContainText("1 possible duplicate — all settled");
  await latest.getByText("1 possible duplicate").click();
  await expect(latest.getByTestId("duplicate-flag")).toContainText("✓ Settled: marked not duplicates");
  await expect(page.getByTestId("recent-import").filter({ hasText: "108 added" })).toContainText("no near-duplicates");
  await page.screenshot({ path: "test-results/import-recent.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/import-recent-phone.png", fullPage: true });
});
