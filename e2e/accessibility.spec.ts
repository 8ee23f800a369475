import AxeBuilder from "@axe-core/playwright";
import { axeTags } from "./support/axe";
import { expect, expectAccessible, expectHydrated, requestSignIn, test, wrongCode } from "./fixtures";

// axe on every page the production app has, in each state a person can see, in both colour
// schemes (expectAccessible, e2e/support/axe.ts); the desktop and mobile projects run each test at
// both sizes. Nothing is excluded and no rule is turned off: a violation is fixed in the product.

test("the check catches a brand colour unreadable in the dark theme", async ({ page }) => {
  await page.goto("/login");
  // The light theme's fill under the dark theme's dark button text: about 3:1, below AA.
  await page.evaluate(() => document.documentElement.style.setProperty("--brand-dark", "#4f46e5"));
  await page.emulateMedia({ colorScheme: "dark" });
  const { violations } = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  expect(violations.map((v) => v.id)).toContain("color-contrast");
});

test("sign-in page, and the same page showing an error", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);

  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#email-message")).not.toBeEmpty();
  await expectAccessible(page);
});

test("check-email page with the link first, with the code first, and after a wrong code", async ({
  page,
  email,
  inbox,
}) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=link");
  await expect(page.getByText("Click the link in the email to sign in.")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/login/check-email?method=code");
  const field = page.getByLabel("Code");
  await expectAccessible(page);

  await expectHydrated(field);
  await field.fill(wrongCode((await inbox.latest(email)).code));
  await expect(page.getByText("That code isn't right. 4 tries left.")).toBeVisible();
  await expectAccessible(page);
});

test("verify pages: confirm on another browser, and a bad link", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  // Without the binding cookie this browser is "another device": it is asked to confirm.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("button", { name: "Sign in on this device" })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/verify?token=not-a-real-token");
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await expectAccessible(page);
});

// The 503 page needs the database down: e2e/postgres/outage.spec.ts checks it (with the
// database answering, /unavailable sends the visitor on).
test("the 404 page", async ({ page }) => {
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});

test.describe("account page", () => {
  // Two sessions need two emails, and one address gets one email a minute (a security default).
  test.describe.configure({ timeout: 150_000 });

  test("signed in on two devices, then after signing the other out", async ({
    signedInPage: page,
    email,
    inbox,
    otherDevice,
  }) => {
    await page.waitForTimeout(61_000);
    const phone = await otherDevice();
    await requestSignIn(phone, email);
    await phone.goto((await inbox.latest(email, { count: 2 })).link);
    await expect(phone.getByText(`Signed in as ${email}`)).toBeVisible();

    await page.reload();
    await expect(page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem")).toHaveCount(2);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out of all other devices" }).click();
    await expect(page.getByRole("status")).toHaveText("Signed out of 1 other device.");
    await expectAccessible(page);
  });
});
