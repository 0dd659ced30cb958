import { expect, type Page } from "@playwright/test";

/**
 * Presses Space on the Review page until the answer shows. The card is server-rendered, so it is
 * visible before React has attached the keyboard shortcuts; a press before that does nothing, and a
 * press after the answer shows is ignored, so pressing again is safe.
 */
export async function revealAnswer(page: Page): Promise<void> {
  await expect(async () => {
    await page.keyboard.press("Space");
    await expect(page.getByTestId("card-back")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
