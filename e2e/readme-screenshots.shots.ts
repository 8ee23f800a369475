import { devices } from "@playwright/test";
import { expect, requestSignIn, test } from "./fixtures";

// `npm run screenshots` retakes the README's pictures from the real production build, so they
// show what a clone of this commit shows. A fixed address keeps the masked email the same.
const dir = "docs/screenshots";
const email = "ada@example.com";

test("sign-in page, desktop, light and dark", async ({ browser }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ ...devices["Desktop Chrome"], colorScheme });
    const page = await context.newPage();
    await page.goto("/login");
    await expect(page.getByLabel("Email")).toBeVisible();
    await page.screenshot({ path: `${dir}/login-desktop-${colorScheme}.png` });
    await context.close();
  }
});

test("sign-in on a phone: the email field, then the code field first", async ({ browser }) => {
  const context = await browser.newContext({ ...devices["Pixel 7"] });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.screenshot({ path: `${dir}/login-phone.png` });
  await requestSignIn(page, email);
  await expect(page.getByLabel("Code")).toBeVisible();
  await page.screenshot({ path: `${dir}/check-email-phone.png` });
  await context.close();
});

test("the sign-in email, as a mail client renders its HTML", async ({ browser, inbox }) => {
  const context = await browser.newContext({ viewport: { width: 640, height: 720 } });
  const page = await context.newPage();
  // Sent from the desktop test's address would hit its 60 s cooldown: use a second one.
  const to = "grace@example.com";
  await requestSignIn(page, to);
  const { html } = await inbox.latest(to);
  await page.setContent(html);
  await page.screenshot({ path: `${dir}/sign-in-email.png`, fullPage: true });
  await context.close();
});
