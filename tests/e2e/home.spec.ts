import { expect, test } from "@playwright/test";

test("a new user sees the empty state and the navigation", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Review", "Search", "Decks", "Stats", "Import"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  const empty = page.getByTestId("empty-state");
  await expect(empty.getByRole("heading", { name: "No cards yet" })).toBeVisible();
  await expect(empty).toContainText(process.env.RECALL_E2E_DIR + "/notes");
  await expect(empty.getByRole("link", { name: "Import page" })).toHaveAttribute("href", "/import");
  await page.screenshot({ path: "test-results/home-empty.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(nav.getByRole("link", { name: "Import" })).toBeVisible();
  await page.screenshot({ path: "test-results/home-empty-phone.png", fullPage: true });
});

test("the health endpoint reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.ok()).toBe(true);
  const health = await response.json();
  expect(health.database.mode).toBe("embedded");
  expect(health.database.pgvectorVersion).toMatch(/^0\.8/);
  expect(health.database.migrations.upToDate).toBe(true);
});
