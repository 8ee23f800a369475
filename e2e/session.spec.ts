import { expect, test } from "./fixtures";

test("signed out, /account sends you to sign in and back", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL("/login?next=%2Faccount");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("after sign-out, a copy of the old session cookie no longer works", async ({
  signedInPage: page,
  email,
  otherDevice,
}) => {
  const saved = await page.context().cookies();
  const replay = await otherDevice();
  await replay.context().addCookies(saved);
  await replay.goto("/account");
  // The copy works while the session lives, so what follows is sign-out's doing.
  await expect(replay.getByText(`Signed in as ${email}`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL("/login");

  await replay.goto("/account");
  await expect(replay).toHaveURL("/login?next=%2Faccount");
  await page.goto("/account");
  await expect(page).toHaveURL("/login?next=%2Faccount");
});
