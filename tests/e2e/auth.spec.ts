import { expect, test } from "@playwright/test";

const protectedBase = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 1}`;
const password = "correct horse battery staple";

test.describe("with RECALL_PASSWORD", () => {
  test("pages and APIs need a session; a wrong password is refused; the right one gets in", async ({ page, request }) => {
    const api = await request.get(`${protectedBase}/api/health`);
    expect(api.status()).toBe(401);

    await page.goto(`${protectedBase}/decks`);
    await expect(page).toHaveURL(/\/login\?next=%2Fdecks/);
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByText("Wrong password.")).toBeVisible();

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(`${protectedBase}/decks`);
    await expect(page.getByRole("heading", { name: "Decks" })).toBeVisible();

    const cookie = (await page.context().cookies()).find((c) => c.name === "recall_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    const health = await page.request.get(`${protectedBase}/api/health`);
    expect(health.status()).toBe(200);
    await page.screenshot({ path: "test-results/auth-logged-in.png" });
  });

  test("a cross-site POST is refused even with a session cookie", async ({ request }) => {
    const login = await request.post(`${protectedBase}/api/login`, { form: { password }, maxRedirects: 0, headers: { origin: protectedBase } });
    expect(login.status()).toBe(303);
    const forged = await request.post(`${protectedBase}/api/import`, { data: { paths: [] }, headers: { origin: "http://evil.example" } });
    expect(forged.status()).toBe(403);
  });
});
