import { devices, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";
import { expect, parseSignInEmail, requestSignIn, test, type Inbox } from "./fixtures";
import { standIn } from "./support/servers";
import { brand } from "../lib/brand";

// One person, several real browser contexts. Each signs in through its own emailed link, as a
// person would; each browser has its own send limits, so none waits for another's minute.
// How the cross-site test was checked to fail: with the same-origin guard removed from
// app/account/actions.ts, the posts that carry no foreign Origin (Next refuses those itself)
// signed the phone out.
test.describe.configure({ timeout: 240_000 });

type DeviceName = "Desktop Chrome" | "Pixel 7" | "Desktop Safari";
type OtherDevice = (options?: BrowserContextOptions) => Promise<Page>;

// Chromium plays every device; only the user agent, viewport and touch differ. Each is a new
// context on a network of its own (the otherDevice fixture).
function openDevice(otherDevice: OtherDevice, name: DeviceName, javaScriptEnabled = true): Promise<Page> {
  const { defaultBrowserType: _, ...descriptor } = devices[name];
  return otherDevice({ ...descriptor, javaScriptEnabled });
}

const alertSubject = `New sign-in to your ${brand.name} account`;
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

const failSendsTo = (to: string, mode: "500" | "none") =>
  fetch(`${standIn.url}/__fail`, { method: "POST", body: JSON.stringify({ mode, to }) });
// Every POST /emails for `to` that reached the stand-in, failed ones included.
const attemptsTo = async (to: string) =>
  Number(await (await fetch(`${standIn.url}/__attempts?to=${encodeURIComponent(to)}`)).json());
// One send and its 2 retries (lib/email.ts: MAX_RETRIES) when every attempt answers 500.
const attemptsPerFailedSend = 3;

const list = (page: Page) => page.getByRole("list", { name: "Signed-in devices" });

test(
  "three devices: list, alerts, and signing out all others",
  { tag: "@desktop" },
  async ({ otherDevice, email, inbox }) => {
    const laptop = await openDevice(otherDevice, "Desktop Chrome");
    await signIn(laptop, email, inbox, 1);
    await expect(list(laptop).getByRole("listitem")).toHaveCount(1);
    await expect(list(laptop).getByRole("listitem")).toContainText(["Chrome on Windows"]);
    await expect(list(laptop).getByRole("listitem")).toContainText(["This device"]);

    const phone = await openDevice(otherDevice, "Pixel 7");
    await signIn(phone, email, inbox, 2);
    // The phone is a new device on an existing account; the laptop's first sign-in was not.
    // (Each browser has its own device id and send limits, so nobody waits out a cooldown.)
    await expect.poll(async () => (await alertsFor(inbox, email)).length).toBe(1);
    const [alert] = await alertsFor(inbox, email);
    expect(alert?.text).toContain("Device: Chrome on Android (Pixel 7)");
    expect(alert?.text).toMatch(/Time: \w+,? \d+ \w+ \d{4} at \d\d:\d\d UTC/);
    expect(alert?.text).toContain("Signed in with: the link in a sign-in email");
    expect(alert?.text).toMatch(/Network: \S+\/(24|48)/);
    expect(alert?.text).toContain(`${new URL("/account", laptop.url()).href}`);

    const mac = await openDevice(otherDevice, "Desktop Safari");
    // The alert for this sign-in fails to send: sign-in must still succeed. The stand-in keeps
    // failing until the alert's retries (sent after the response) have all been seen, so none
    // of them can land after the reset and deliver it.
    let before = 0;
    await signIn(mac, email, inbox, 3, async () => {
      before = await attemptsTo(email);
      await failSendsTo(email, "500");
    });
    await expect.poll(() => attemptsTo(email)).toBe(before + attemptsPerFailedSend);
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
  },
);

// A laptop without JavaScript and a phone, signed in as one person (each browser has its own
// send limits, so the phone need not wait for the laptop's minute).
async function laptopAndPhone(otherDevice: OtherDevice, email: string, inbox: Inbox) {
  const laptop = await openDevice(otherDevice, "Desktop Chrome", false);
  await signIn(laptop, email, inbox, 1);
  const phone = await openDevice(otherDevice, "Pixel 7");
  await signIn(phone, email, inbox, 2);
  await laptop.goto("/account");
  return { laptop, phone };
}

// Posts the form around `button` with the page's cookies, as another site's form would: a
// foreign Origin (Next refuses the action itself), or no Origin and cross-site Fetch Metadata
// (the action's own guard must refuse it).
async function postFromAnotherSite(page: Page, button: Locator) {
  const fields = await page
    .locator("form", { has: button })
    .locator("input[type=hidden]")
    .evaluateAll((inputs) =>
      Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])),
    );
  expect(Object.keys(fields).some((name) => name.startsWith("$ACTION_ID_"))).toBe(true);
  const forgeries: Record<string, string>[] = [
    { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    { "Sec-Fetch-Site": "cross-site" },
  ];
  for (const headers of forgeries) {
    const forged = await page.request.post("/account", { multipart: fields, headers, maxRedirects: 0 });
    // Never the action's own redirect to "/account?signed-out=N" or "/login".
    expect(forged.headers()["location"] ?? "/account").toBe("/account");
  }
}

test(
  "signs out one other device without JavaScript; cross-site posts end nothing",
  { tag: "@desktop" },
  async ({ otherDevice, email, inbox }) => {
    const { laptop, phone } = await laptopAndPhone(otherDevice, email, inbox);
    const signOutPhone = laptop.getByRole("button", { name: "Sign out Chrome on Android" });
    await expect(signOutPhone).toHaveAccessibleName(/^Sign out Chrome on Android, signed in (just now|1 minute ago)$/);
    await postFromAnotherSite(laptop, signOutPhone);
    await postFromAnotherSite(laptop, laptop.getByRole("button", { name: "Sign out of all other devices" }));
    await postFromAnotherSite(laptop, laptop.getByRole("button", { name: "Sign out everywhere" }));
    await phone.goto("/account");
    await expect(phone.getByText(`Signed in as ${email}`)).toBeVisible();
    await laptop.reload();
    await expect(list(laptop).getByRole("listitem")).toHaveCount(2);

    await signOutPhone.click();
    await expect(laptop).toHaveURL("/account?signed-out=1");
    await expect(laptop.getByRole("status")).toHaveText("Signed out of 1 other device.");
    await expect(list(laptop).getByRole("listitem")).toHaveCount(1);
    await phone.goto("/account");
    await expect(phone).toHaveURL("/login?next=%2Faccount");
  },
);

test("signs out all other devices without JavaScript", { tag: "@desktop" }, async ({ otherDevice, email, inbox }) => {
  const { laptop, phone } = await laptopAndPhone(otherDevice, email, inbox);
  await laptop.getByRole("button", { name: "Sign out of all other devices" }).click();
  await expect(laptop).toHaveURL("/account?signed-out=1");
  await expect(laptop.getByRole("status")).toHaveText("Signed out of 1 other device.");
  await expect(list(laptop).getByRole("listitem")).toHaveCount(1);
  await expect(laptop.getByText(`Signed in as ${email}`)).toBeVisible();
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
