import { expect, expectHydrated, requestSignIn, test } from "./fixtures";
import { shortLivedApp } from "./support/servers";

// This server issues links and codes that live 2 seconds (LINK_/CODE_LIFETIME_SECONDS=2).
test.use({ baseURL: shortLivedApp.url });

// Expiry is decided by the database clock; waiting past the lifetime is the only honest way.
const pastLifetime = 3_000;

test("an expired link shows the expired page and leads to a new one", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  expect(link).toContain(`${shortLivedApp.url}/verify?token=`);
  await page.waitForTimeout(pastLifetime);

  await page.goto(link);
  await expect(page).toHaveURL("/verify/error?reason=expired");
  await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await page.getByRole("link", { name: "Get a new sign-in link" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
});

test("an expired code is refused", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  const { code } = await inbox.latest(email);
  await page.goto("/login/check-email?method=code");
  await expectHydrated(page.getByLabel("Code"));
  await page.waitForTimeout(pastLifetime);

  await page.getByLabel("Code").fill(code);
  await expect(page.getByText("That code has expired. Request a new one.")).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL("/login?next=%2Faccount");
});
