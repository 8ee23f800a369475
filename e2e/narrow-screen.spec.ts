import type { Page } from "@playwright/test";
import { expect, requestSignIn, test } from "./fixtures";

// The narrowest phones in use are 320 CSS pixels wide. An email address is one long word: the
// pages that show one must wrap it, not scroll sideways. Checked to fail without the Card's
// `wrap-anywhere` (check-email, confirm and account all grew wider than the screen).
const narrow = { width: 320, height: 640 };

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(narrow.width);
}

test(
  "a long address fits a 320 px screen on every page that shows it",
  { tag: "@mobile" },
  async ({ page, email, inbox, otherDevice }) => {
    const long = email.replace("@example.com", "-christopher.montgomery@university-hospital.example.org");
    await page.setViewportSize(narrow);
    await requestSignIn(page, long);
    await expectNoSidewaysScroll(page);

    const { link } = await inbox.latest(long);
    const phone = await otherDevice({ viewport: narrow });
    await phone.goto(link);
    await expect(phone).toHaveURL("/verify/confirm");
    await expectNoSidewaysScroll(phone);
    await phone.getByRole("button", { name: "Sign in on this device" }).click();
    await expect(phone.getByText(`Signed in as ${long}`)).toBeVisible();
    await expectNoSidewaysScroll(phone);
  },
);
