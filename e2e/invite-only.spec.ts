import type { Page } from "@playwright/test";
import { expect, expectHydrated, requestSignIn, test } from "./fixtures";
import { inviteOnlyApp } from "./support/servers";
import { brand } from "../lib/brand";

// This server runs with SIGN_UP=invite-only; the addresses in inviteOnlyApp.invited were given
// accounts with `npm run users:invite` before it started (playwright.config.ts).
test.use({ baseURL: inviteOnlyApp.url });

async function tryCode(page: Page, code: string) {
  await page.goto("/login/check-email?method=code");
  const field = page.getByLabel("Code");
  await expectHydrated(field);
  await field.fill(code);
}

test("an address with no account sees what a member sees, and is emailed that there is no account", async ({
  page,
  email,
  inbox,
}) => {
  await requestSignIn(page, email);
  await expect(page.getByText("We sent a sign-in link and a 6-digit code to")).toBeVisible();
  await expect.poll(async () => (await inbox.all(email)).length).toBe(1);
  const [message] = await inbox.all(email);
  expect(message!.subject).toBe(`No ${brand.name} account for this address`);
  expect(message!.text).toContain(email);
  expect(message!.text).not.toContain("/verify");
  expect(message!.text.replaceAll(email, "")).not.toMatch(/(?<!\d)\d{6}(?!\d)/);

  // The code form answers as it would for a member who typed a wrong code.
  await tryCode(page, "123456");
  await expect(page.getByText("That code isn't right. 4 tries left.")).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL("/login?next=%2Faccount");
});

test("an invited address signs in with the emailed link", async ({ page, inbox }, testInfo) => {
  const invited = `invited-${testInfo.project.name}@example.com`;
  expect(inviteOnlyApp.invited).toContain(invited);
  await requestSignIn(page, invited);
  const { subject, link } = await inbox.latest(invited);
  expect(subject).toBe(`Sign in to ${brand.name}`);
  await page.goto(link);
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${invited}`)).toBeVisible();
});
