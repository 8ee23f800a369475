import { expect, test } from "./fixtures";

// The dev mailbox and the email previews exist only in development: a production build (which
// every e2e server is) compiles them down to a 404.
for (const path of ["/dev/mailbox", "/dev/emails", "/dev/emails/sign-in-email"]) {
  test(`a production build does not serve ${path}`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("Email previews")).toHaveCount(0);
  });
}
