// Complete sign-ins through the no-JavaScript web interface, each step timed.
import { Browser, desktopUa, mobileUa } from "./browser";

export type Method = "link" | "code";
export type Env = { appUrl: string; standInUrl: string };
export type StepTimes = Record<string, number>;
export type FlowResult = { total: number; steps: StepTimes; browser: Browser };

let ipCounter = 0;
// A distinct client address per simulated browser, as a proxy would report it (10.x.y.z).
export function nextClientIp(): string {
  const n = ++ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

let emailCounter = 0;
// Unique per flow: the product allows one email per address per minute.
export function nextEmail(tag: string): string {
  return `bench-${process.pid}-${tag}-${++emailCounter}@example.com`;
}

export function newBrowser(env: Env, method: Method): Browser {
  return new Browser({ baseUrl: env.appUrl, ip: nextClientIp(), userAgent: method === "code" ? mobileUa : desktopUa });
}

async function timed<T>(steps: StepTimes, name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await work();
  steps[name] = performance.now() - start;
  return value;
}

export type Email = { url: string; code: string };

export async function readEmail(standInUrl: string, to: string): Promise<Email> {
  for (let tries = 0; tries < 50; tries++) {
    const response = await fetch(`${standInUrl}/__messages?to=${encodeURIComponent(to)}`);
    const messages = (await response.json()) as { html: string; text: string }[];
    const last = messages.at(-1);
    if (last) {
      const url = /https?:\/\/[^"\s]*\/verify\?token=[\w-]+/.exec(last.html)?.[0];
      const code = /\b(\d{6})\b/.exec(last.text)?.[1];
      if (!url || !code) throw new Error("Email without a link or code");
      return { url, code };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No email arrived for ${to}`);
}

// Up to the point where the email is read: GET /login, POST the form, land on check-email.
export async function requestEmail(env: Env, browser: Browser, email: string, steps: StepTimes = {}) {
  const login = await timed(steps, "GET /login", () => browser.visit("/login"));
  const checkEmail = await timed(steps, "POST /login → check-email", async () => {
    const posted = await browser.submit(login, "email", { email });
    if (posted.status !== 303 || !posted.location?.startsWith("/login/check-email")) {
      throw new Error(`Sign-in form answered ${posted.status} ${posted.location ?? ""}`);
    }
    return browser.visit(posted.location);
  });
  const message = await timed(steps, "read email", () => readEmail(env.standInUrl, email));
  return { checkEmail, message };
}

export async function signIn(env: Env, method: Method): Promise<FlowResult> {
  const steps: StepTimes = {};
  const start = performance.now();
  const browser = newBrowser(env, method);
  const { checkEmail, message } = await requestEmail(env, browser, nextEmail(method), steps);
  const account = await timed(
    steps,
    method === "link" ? "GET /verify → /account" : "POST code → /account",
    async () => {
      if (method === "link") return browser.visit(new URL(message.url).pathname + new URL(message.url).search);
      const posted = await browser.submit(checkEmail, "code", { code: message.code });
      if (posted.status !== 303 || !posted.location) throw new Error(`Code form answered ${posted.status}`);
      return browser.visit(posted.location);
    },
  );
  if (!account.url.endsWith("/account") || !account.html.includes("Signed in as")) {
    throw new Error(`Sign-in by ${method} did not end on /account (${account.url})`);
  }
  return { total: performance.now() - start, steps, browser };
}
