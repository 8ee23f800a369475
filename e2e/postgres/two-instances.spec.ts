import type { Page } from "@playwright/test";
import { runScript } from "../../lib/test/run-script";
import { sealedSessionId, sessionCookieValues } from "../../lib/test/sealed-session";
import { expect, expectHydrated, freshIp, requestSignIn, test, wrongCode } from "../fixtures";
import { postForm } from "../support/forms";
import { createDatabase, onInstance, startApp, type RunningApp, type TestDatabase } from "../support/postgres-apps";
import { recordSetCookies } from "../support/record-cookies";
import { extraPorts, testSecrets } from "../support/servers";

// Two `next start` processes, A and B, on one Postgres database, started as `npm start` runs
// them (with the X-Forwarded-For preload; see postgres-apps.ts). Cookies are per host, not per
// port, so one browser carries the same cookies to both: a person bounced between instances.
// How the per-IP test was checked to fail: with the apps started without the preload, every
// request's client-written first entry was taken as its address, and all 11 were sent.
test.describe.configure({ mode: "default" });

let database: TestDatabase;
let a: RunningApp;
let b: RunningApp;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await createDatabase();
  a = await startApp(extraPorts.appA, database.url);
  b = await startApp(extraPorts.appB, database.url);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});
test.use({ baseURL: `http://localhost:${extraPorts.appA}` });

const sessionsOf = async (email: string) =>
  (await database.sql`select s.id from sessions s join users u on u.id = s.user_id where u.email = ${email}`).length;

async function cookieHeader(page: Page) {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

test("a challenge issued on A redeems on B", async ({ page, email, inbox }) => {
  await requestSignIn(page, email, `${a.url}/login`);
  const { link } = await inbox.latest(email);
  await page.goto(onInstance(link, b.url));
  await expect(page).toHaveURL(`${b.url}/account`);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("50 parallel redemptions split across A and B make exactly one session", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  const headers = { Cookie: await cookieHeader(page) };
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      fetch(onInstance(link, i % 2 ? b.url : a.url), { headers, redirect: "manual" }),
    ),
  );
  for (const response of responses) recordSetCookies(response.headers.getSetCookie());
  expect(responses.every((r) => r.status === 303)).toBe(true);
  // The browser that asked repeats one sign-in: every answer that signs it in carries the one
  // session the first made (lib/auth/redeem.ts, continueUsedSignIn), and the database holds only that one.
  const sealed = responses.flatMap((r) => sessionCookieValues(r.headers.getSetCookie()));
  expect(sealed.length).toBeGreaterThanOrEqual(1);
  const sids = await Promise.all(sealed.map((value) => sealedSessionId(value, testSecrets.sessionSecret)));
  expect(new Set(sids).size).toBe(1);
  expect(sids[0]).toBeTruthy();
  expect(await sessionsOf(email)).toBe(1);
});

test("the per-email send limit is counted once across A and B", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await requestSignIn(page, email, `${b.url}/login`);
  await inbox.latest(email);
  // Give a second email every chance to arrive before counting.
  await page.waitForTimeout(1_000);
  expect(await inbox.all(email)).toHaveLength(1);
  expect(await database.sql`select 1 from sign_in_challenges where email = ${email}`).toHaveLength(1);
});

test("the per-IP sign-in limit is counted once across A and B", async ({ request, clientIp, inbox }) => {
  const tag = clientIp.replace(/\./g, "-");
  const emails = Array.from({ length: 11 }, (_, i) => `ip-${i}-${tag}@example.com`);
  const responses = [];
  for (const [i, email] of emails.entries()) {
    const instance = i % 2 ? b.url : a.url;
    // One client, whatever it writes in front of the address its proxy appends.
    const headers = { "X-Forwarded-For": `${freshIp()}, ${clientIp}` };
    responses.push(await postForm(request, `${instance}/login`, { email, next: "/account" }, headers));
  }
  // Ten sign-in requests pass (303 to check-email), five on each; the eleventh, on A, is refused.
  expect(responses.slice(0, 10).map((r) => r.status())).toEqual(Array(10).fill(303));
  expect(responses[10]!.status()).toBe(200);
  expect(await responses[10]!.text()).toContain("Too many sign-in requests from your network.");
  expect(await inbox.all(emails[10]!)).toHaveLength(0);
  await inbox.latest(emails[9]!);
});

test("the wrong-code cap holds across A and B: five misses burn the challenge", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  const { code } = await inbox.latest(email);
  for (let i = 0; i < 5; i++) {
    await page.goto(`${i % 2 ? b.url : a.url}/login/check-email?method=code`);
    const field = page.getByLabel("Code");
    await expectHydrated(field);
    await field.fill(wrongCode(code, i + 1));
    await expect(page.getByText(i < 4 ? "That code isn't right." : "Too many tries")).toBeVisible();
  }
  await page.goto(`${b.url}/login/check-email?method=code`);
  const field = page.getByLabel("Code");
  await expectHydrated(field);
  await field.fill(code);
  await expect(page.getByText("Too many tries")).toBeVisible();
  expect(await sessionsOf(email)).toBe(0);
});

test("re-running migrations while both instances serve succeeds and interrupts neither", async ({ request }) => {
  const [run, ...health] = await Promise.all([
    runScript("scripts/migrate.ts", { DATABASE_URL: database.url }),
    request.get(`${a.url}/api/health`),
    request.get(`${b.url}/api/health`),
  ]);
  expect(run.code).toBe(0);
  expect(health.map((r) => r.status())).toEqual([200, 200]);
  expect((await request.get(`${b.url}/api/health`)).status()).toBe(200);
});
