import type { Locator, Page } from "@playwright/test";
import { expect, expectHydrated, requestSignIn, test } from "./fixtures";

// Everything works from the keyboard alone, and wherever the focus is, it can be seen.

// Presses Tab until `target` has the focus; fails if it is not among the next `max` stops.
async function tabTo(page: Page, target: Locator, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((node) => node === document.activeElement)) return;
  }
  throw new Error(`${target} was not reached in ${max} presses of Tab`);
}

test("signs in and out with the keyboard alone", async ({ page, email, inbox }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  // Phones see the code first; computers switch to it with the keyboard, and the field then has
  // the focus.
  const switchToCode = page.getByRole("button", { name: "Enter the code instead" });
  const field = page.getByLabel("Code");
  if (await switchToCode.isVisible()) {
    await tabTo(page, switchToCode);
    await page.keyboard.press("Enter");
    await expect(field).toBeFocused();
    await expectHydrated(field);
  } else {
    await expectHydrated(field);
    await tabTo(page, field);
  }
  // The sixth digit submits.
  await page.keyboard.type((await inbox.latest(email)).code);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  await tabTo(page, page.getByRole("button", { name: "Sign out", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/login");
});

type FocusStyle = { outline: string; outlineWidth: number; boxShadow: string };
type Stop = { name: string; focused: FocusStyle; blurred: FocusStyle };

// Tabs once through the whole page, freshly loaded (a field that took the focus on load is the
// first stop); for each stop, its computed ring with the focus and without.
async function focusStops(page: Page): Promise<Stop[]> {
  await page.reload();
  const stops: Stop[] = [];
  for (let i = 0; i < 30; i++) {
    if (i > 0 || (await page.evaluate(() => document.activeElement === document.body))) {
      await page.keyboard.press("Tab");
    }
    const stop = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const read = (): FocusStyle => {
        const style = getComputedStyle(element);
        return {
          outline: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth),
          boxShadow: style.boxShadow,
        };
      };
      const focused = read();
      element.blur();
      const blurred = read();
      element.focus();
      return {
        name: `${element.tagName.toLowerCase()} "${element.textContent?.trim() || element.id}"`,
        focused,
        blurred,
      };
    });
    if (!stop || stops.some((s) => s.name === stop.name)) break;
    stops.push(stop);
  }
  return stops;
}

async function expectVisibleFocus(page: Page, names: string[]): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const stops = await focusStops(page);
    expect(
      stops.map((s) => s.name),
      `focus order on ${page.url()}`,
    ).toEqual(names);
    for (const { name, focused, blurred } of stops) {
      const ring = focused.outline !== "none" && focused.outlineWidth >= 2;
      const changed = focused.outline !== blurred.outline || focused.boxShadow !== blurred.boxShadow;
      expect({ name, ring, changed }, `${colorScheme} theme`).toEqual({ name, ring: true, changed: true });
    }
  }
}

test("a refused address leaves the focus in the field, ready to correct", async ({ page }) => {
  await page.goto("/login");
  const field = page.getByLabel("Email");
  await expectHydrated(field);
  await field.fill("someone@");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Enter an address like name@example.com.")).toBeVisible();
  await expect(field).toBeFocused();
  await expect(field).toHaveValue("someone@");
});

test("every focusable element shows a focus ring, in both themes", async ({ page, email, inbox }) => {
  await page.goto("/login");
  // The passkey button appears once the page's script has found WebAuthn (Chromium has it).
  await expectVisibleFocus(page, [
    'input "email"',
    'button "Email me a sign-in link"',
    'button "Sign in with a passkey"',
  ]);

  await requestSignIn(page, email);
  // "Send again" is disabled during the first minute, so it is no stop.
  await page.goto("/login/check-email?method=link");
  await expectVisibleFocus(page, ['button "Enter the code instead"', 'a "Use a different email"']);
  await page.goto("/login/check-email?method=code");
  await expectVisibleFocus(page, [
    'input "code"',
    'button "Sign in with code"',
    'button "I\'ll use the link instead"',
    'a "Use a different email"',
  ]);

  await page.goto((await inbox.latest(email)).link);
  // "Add a passkey": the session is a fresh email sign-in, and Chromium supports WebAuthn.
  await expectVisibleFocus(page, ['button "Sign out"', 'button "Sign out everywhere"', 'button "Add a passkey"']);
});
