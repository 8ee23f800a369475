import { randomBytes } from "node:crypto";
import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from "@playwright/test";
import { jarOf, watchContext, watchRequests } from "./support/record-cookies";
import { recordSeen } from "./support/seen-secrets";
import type { StoredMessage } from "./support/resend-stand-in";
import { standIn } from "./support/servers";

export type SignInEmail = {
  subject: string;
  html: string;
  text: string;
  // The emailed `/verify?token=` URL and the 6-digit code, read from the text part.
  link: string;
  code: string;
};

export type Inbox = {
  // Waits until `email` has received at least `count` messages and returns the newest.
  latest(email: string, options?: { count?: number }): Promise<SignInEmail>;
  // Everything `email` has received so far, oldest first, without waiting.
  all(email: string): Promise<StoredMessage[]>;
};

type Fixtures = {
  // This test's client address, sent as X-Forwarded-For the way a proxy would: the e2e servers
  // trust one proxy hop, so every test has its own per-IP budget while the limits stay real.
  clientIp: string;
  // Records every cookie value the app set for this test's browser and API client, for the
  // server-log leak check (e2e/support/record-cookies.ts).
  recordCookies: void;
  email: string;
  inbox: Inbox;
  signedInPage: Page;
  // Opens a page in a new browser context: another device (on another network), with none of
  // this test's cookies. Options such as a device descriptor or javaScriptEnabled apply to it.
  otherDevice: (options?: BrowserContextOptions) => Promise<Page>;
  // A cookie-less HTTP client, like a mail scanner fetching links. Follows no redirects.
  scanner: APIRequestContext;
};

export function parseSignInEmail(message: StoredMessage): SignInEmail {
  const link = message.text.match(/https?:\/\/[^\s\]]+\/verify\?token=[A-Za-z0-9_-]+/)?.[0];
  // The code stands on a line of its own; digits inside the link's token must not match.
  const code = message.text.match(/^\s*(\d{6})\s*$/m)?.[1];
  if (!link || !code) throw new Error(`No link or code in the email's text part:\n${message.text}`);
  const { subject, html, text } = message;
  return { subject, html, text, link, code };
}

async function fetchMessages(email: string): Promise<StoredMessage[]> {
  const response = await fetch(`${standIn.url}/__messages?to=${encodeURIComponent(email)}`);
  if (!response.ok) throw new Error(`Resend stand-in answered ${response.status}`);
  return (await response.json()) as StoredMessage[];
}

const inbox: Inbox = {
  all: fetchMessages,
  async latest(email, { count = 1 } = {}) {
    let messages: StoredMessage[] = [];
    await expect
      .poll(async () => (messages = await fetchMessages(email)).length, {
        message: `waiting for ${count} email(s) to ${email}`,
        intervals: [100, 250, 500],
      })
      .toBeGreaterThanOrEqual(count);
    const parsed = parseSignInEmail(messages.at(-1)!);
    recordSeen([new URL(parsed.link).searchParams.get("token") ?? "", parsed.code]);
    return parsed;
  },
};

// A six-digit code that is certainly not `code`; the n-th differs from the others. Guesses must
// differ to count: the same wrong code sent again by one browser spends no new try.
export function wrongCode(code: string, n = 1): string {
  return String((Number(code) + n) % 1_000_000).padStart(6, "0");
}

// After a full page load, a field typed into before React hydrates it runs none of its handlers
// (the code field's auto-submit among them). React tags the DOM nodes it has hydrated.
export async function expectHydrated(field: Locator): Promise<void> {
  await expect(field).toBeVisible();
  await expect
    .poll(() => field.evaluate((node) => Object.keys(node).some((key) => key.startsWith("__reactProps$"))), {
      message: "waiting for React to hydrate the field",
    })
    .toBe(true);
}

// Fills in the login form and waits for the "check your email" page.
export async function requestSignIn(page: Page, email: string, path = "/login"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

// A random client address in 10/8: 16 million of them, so tests never share a per-IP budget.
export const freshIp = () => `10.${randomBytes(3).join(".")}`;

export const test = base.extend<Fixtures>({
  clientIp: async ({}, use) => {
    await use(freshIp());
  },
  extraHTTPHeaders: async ({ clientIp }, use) => {
    await use({ "X-Forwarded-For": clientIp });
  },
  recordCookies: [
    async ({ context, request }, use) => {
      const flush = watchContext(context);
      watchRequests(request, jarOf(request));
      await use();
      await flush();
    },
    { auto: true },
  ],
  // The local part starts with a letter so the masked form reads like "u•••@example.com".
  email: async ({}, use) => {
    await use(`user-${randomBytes(6).toString("hex")}@example.com`);
  },
  inbox: async ({}, use) => {
    await use(inbox);
  },
  signedInPage: async ({ page, email }, use) => {
    await requestSignIn(page, email);
    const { link } = await inbox.latest(email);
    await page.goto(link);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await use(page);
  },
  otherDevice: async ({ browser }, use) => {
    const opened: { context: BrowserContext; flush: () => Promise<void> }[] = [];
    await use(async (options = {}) => {
      // Another device is another network too.
      const extraHTTPHeaders = { "X-Forwarded-For": freshIp(), ...options.extraHTTPHeaders };
      const context = await browser.newContext({ ...options, extraHTTPHeaders });
      opened.push({ context, flush: watchContext(context) });
      return context.newPage();
    });
    for (const { flush } of opened) await flush();
    await Promise.all(opened.map(({ context }) => context.close()));
  },
  scanner: async ({ playwright }, use) => {
    const client = await playwright.request.newContext({
      maxRedirects: 0,
      extraHTTPHeaders: { "X-Forwarded-For": freshIp() },
    });
    watchRequests(client, jarOf(client));
    await use(client);
    recordSeen((await client.storageState()).cookies.map((c) => c.value));
    await client.dispose();
  },
});

export { expect };
export { expectAccessible } from "./support/axe";
