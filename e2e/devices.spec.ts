import { devices, type Browser, type Page } from "@playwright/test";
import { expect, parseSignInEmail, requestSignIn, test, type Inbox } from "./fixtures";
import { standIn } from "./support/servers";

// One person, three real browser contexts. Each signs in through its own emailed link, as a
// person would, so the per-email send cooldown (60 s, a security default) is waited out twice.
test.describe.configure({ timeout: 240_000 });

type DeviceName = "Desktop Chrome" | "Pixel 7" | "Desktop Safari";

async function openDevice(browser: Browser, name: DeviceName, javaScriptEnabled = true): Promise<Page> {
  // Chromium plays every device; only the user agent, viewport and touch differ.
  const { defaultBrowserType: _, ...descriptor } = devices[name];
  return (await browser.newContext({ ...descriptor, javaScriptEnabled })).newPage();
}

const alertSubject = "New sign-in to your account";
const alertsFor = async (inbox: Inbox, email: string) =>
  (await inbox.all(email)).filter((m) => m.subject === alertSubject);

// Requests a sign-in email on `page` and follows its link; returns when the link is in hand
// (`beforeClick` runs then) and the page is signed in.
async function signIn(page: Page, email: string, inbox: Inbox, nth: number, beforeClick?: () => Promise<void>) {
  await requestSignIn(page, email);
  let links: string[] = [];
  await expect
    .poll(async () => {
      const messages = (await inbox.all(email)).filter((m) => m.subject !== alertSubject);
      links = messages.map((m) => parseSignInEmail(m).link);
      return links.length;
    })
    .toBe(nth);
  await beforeClick?.();
  await page.goto(links.at(-1)!);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
}

const waitOutCooldown = (page: Page, since: number) => page.waitForTimeout(Math.max(0, since + 61_000 - Date.now()));

const failSendsTo = (to: string, mode: "500" | "none") =>
  fetch(`${standIn.url}/__fail`, { method: "POST", body: JSON.stringify({ mode, to }) });

const list = (page: Page) => page.getByRole("list", { name: "Signed-in devices" });

test("three devices: list, alerts, and signing out all others", { tag: "@desktop" }, async ({ browser, email, inbox }) => {
  const laptop = await openDevice(browser, "Desktop Chrome");
  await signIn(laptop, email, inbox, 1);
  let since = Date.now();
  await expect(list(laptop).getByRole("listitem")).toHaveCount(1);
  await expect(list(laptop).getByRole("listitem")).toContainText(["Chrome on Windows"]);
  await expect(list(laptop).getByRole("listitem")).toContainText(["This device"]);

  await waitOutCooldown(laptop, since);
  const phone = await openDevice(browser, "Pixel 7");
  await signIn(phone, email, inbox, 2);
  since = Date.now();
  // The phone is a new kind of device on an existing account; the laptop's first sign-in was not.
  await expect.poll(async () => (await alertsFor(inbox, email)).length).toBe(1);
  const [alert] = await alertsFor(inbox, email);
  expect(alert?.text).toContain("Device: Chrome on Android (Pixel 7)");
  expect(alert?.text).toMatch(/Time: \w+,? \d+ \w+ \d{4} at \d\d:\d\d UTC/);
  expect(alert?.text).toContain(`${new URL("/account", laptop.url()).href}`);

  await waitOutCooldown(phone, since);
  const mac = await openDevice(browser, "Desktop Safari");
  // The alert for this sign-in fails to send: sign-in must still succeed.
  await signIn(mac, email, inbox, 3, () => failSendsTo(email, "500").then(() => undefined));
  await failSendsTo(email, "none");
  expect(await alertsFor(inbox, email)).toHaveLength(1);

  await laptop.reload();
  const items = list(laptop).getByRole("listitem");
  await expect(items).toHaveCount(3);
  await expect(items.first()).toContainText("This device");
  const phoneItem = items.filter({ hasText: "Chrome on Android" });
  await expect(phoneItem).toContainText("Phone · Pixel 7");
  await expect(phoneItem).toContainText(/Last active (just now|\d+ minutes? ago)/);
  await expect(items.filter({ hasText: "Safari on macOS" })).toContainText("Computer");

  const savedPhoneCookies = await phone.context().cookies();
  await laptop.getByRole("button", { name: "Sign out of all other devices" }).click();
  await expect(laptop).toHaveURL("/account?signed-out=2");
  await expect(laptop.getByRole("status")).toHaveText("Signed out of 2 other devices.");
  await expect(list(laptop).getByRole("listitem")).toHaveCount(1);

  await phone.goto("/account");
  await expect(phone).toHaveURL("/login?next=%2Faccount");
  // A cookie saved before the sign-out is refused too.
  await phone.context().addCookies(savedPhoneCookies);
  await phone.goto("/account");
  await expect(phone).toHaveURL("/login?next=%2Faccount");
  // The Mac still shows its old page; its server action is refused, and ends nothing.
  await mac.getByRole("button", { name: "Sign out Chrome on Windows" }).click();
  await expect(mac).toHaveURL("/login?next=%2Faccount");
  await laptop.reload();
  await expect(laptop.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("signs out one other device without JavaScript; a cross-site post ends nothing", { tag: "@desktop" }, async ({
  browser,
  email,
  inbox,
}) => {
  const laptop = await openDevice(browser, "Desktop Chrome", false);
  await signIn(laptop, email, inbox, 1);
  const since = Date.now();
  await waitOutCooldown(laptop, since);
  const phone = await openDevice(browser, "Pixel 7");
  await signIn(phone, email, inbox, 2);

  await laptop.goto("/account");
  const signOutPhone = laptop.getByRole("button", { name: "Sign out Chrome on Android" });
  // The same form fields, posted from another site with the laptop's cookies.
  const fields = await laptop
    .locator("form", { has: signOutPhone })
    .locator("input[type=hidden]")
    .evaluateAll((inputs) => Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])));
  expect(Object.values(fields)).toHaveLength(2);
  const forged = await laptop.request.post("/account", {
    multipart: fields,
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    maxRedirects: 0,
  });
  expect(forged.status()).not.toBe(200);
  await phone.goto("/account");
  await expect(phone.getByText(`Signed in as ${email}`)).toBeVisible();

  await signOutPhone.click();
  await expect(laptop).toHaveURL("/account?signed-out=1");
  await expect(laptop.getByRole("status")).toHaveText("Signed out of 1 other device.");
  await expect(list(laptop).getByRole("listitem")).toHaveCount(1);
  await phone.goto("/account");
  await expect(phone).toHaveURL("/login?next=%2Faccount");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign out everywhere rejects a cookie saved before it", async ({ signedInPage: page, email, otherDevice }) => {
    const replay = await otherDevice();
    await replay.context().addCookies(await page.context().cookies());
    await replay.goto("/account");
    // The saved copy works while the session lives, so what follows is the sign-out's doing.
    await expect(replay.getByText(`Signed in as ${email}`)).toBeVisible();

    await expect(page.getByRole("button", { name: "Sign out of all other devices" })).toBeHidden();
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL("/login");
    await replay.goto("/account");
    await expect(replay).toHaveURL("/login?next=%2Faccount");
  });
});
