import type { Page } from "@playwright/test";
import { expect, requestSignIn, test, wrongCode } from "./fixtures";

// Every form must work as a plain HTML form post.
test.use({ javaScriptEnabled: false });

async function submitCode(page: Page, code: string) {
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
}

test("signs in by link", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.goto((await inbox.latest(email)).link);
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("switches to the code form and signs in by code", { tag: "@desktop" }, async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.getByRole("button", { name: "Enter the code instead" }).click();
  await expect(page.getByLabel("Code")).toBeFocused();
  const { code } = await inbox.latest(email);

  await submitCode(page, wrongCode(code));
  await expect(page.getByText("That code isn't right. 4 tries left.")).toBeVisible();
  await submitCode(page, code);
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("signs in by code", { tag: "@mobile" }, async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  const { code } = await inbox.latest(email);

  await submitCode(page, wrongCode(code));
  await expect(page.getByText("That code isn't right. 4 tries left.")).toBeVisible();
  // The answer is the page the form posted to: reloading it posts the same code again, which
  // is no new guess.
  await page.reload();
  await expect(page.getByText("That code isn't right. 4 tries left.")).toBeVisible();
  await submitCode(page, code);
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});
