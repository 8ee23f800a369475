import type { Page } from "@playwright/test";
import { startTcpProxy, type TcpProxy } from "../../lib/test/tcp-proxy";
import { expect, expectAccessible, freshIp, requestSignIn, test } from "../fixtures";
import { createDatabase, startApp, type RunningApp, type TestDatabase } from "../support/postgres-apps";
import { extraPorts } from "../support/servers";

// One app instance whose database connection runs through a TCP proxy this spec controls.
test.describe.configure({ mode: "default" });

let database: TestDatabase;
let proxy: TcpProxy;
let app: RunningApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createDatabase();
  const { hostname, port } = new URL(database.url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) }, extraPorts.outageProxy);
  app = await startApp(extraPorts.outageApp, proxy.url(database.url));
});
test.afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await database?.drop();
});
test.use({ baseURL: `http://localhost:${extraPorts.outageApp}` });

const cookieNames = async (page: Page) => (await page.context().cookies()).map((c) => c.name).sort();
const unavailableHeading = (page: Page) => page.getByRole("heading", { name: "Temporarily unavailable" });

test("database down: sign-in, redemption and protected pages answer 503, sign in nobody, then recover", async ({
  signedInPage: page,
  email,
  inbox,
  otherDevice,
}) => {
  const signedInCookies = await cookieNames(page);
  const stranger = await otherDevice();
  const other = `other-${email}`;
  await proxy.down();

  const account = await page.goto("/account");
  expect(account?.status()).toBe(503);
  await expect(unavailableHeading(page)).toBeVisible();
  await expect(page.getByText("Signed in as")).toBeHidden();

  await stranger.goto("/login");
  await stranger.getByLabel("Email").fill(other);
  await stranger.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(unavailableHeading(stranger)).toBeVisible();
  // A server action's own path is the page its form was on: "Try again" reloads that page.
  await expect(stranger).toHaveURL(`/unavailable?from=${encodeURIComponent("/login")}`);
  expect(await cookieNames(stranger)).toEqual([]);

  const verify = await stranger.goto(`/verify?token=${"a".repeat(43)}`);
  expect(verify?.status()).toBe(503);
  expect(await verify?.text()).not.toMatch(/\bat .*\.js|Error:/);
  expect(await cookieNames(stranger)).toEqual([]);

  const health = await page.request.get("/api/health");
  expect(health.status()).toBe(503);
  expect(await health.json()).toEqual({ db: "unavailable" });
  expect(await inbox.all(other)).toHaveLength(0);
  expect(await cookieNames(page)).toEqual(signedInCookies);

  // Back up: the same server process serves again, sessions intact.
  await proxy.up();
  await expect.poll(async () => (await page.request.get("/api/health")).status()).toBe(200);
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await requestSignIn(stranger, other);
  await inbox.latest(other);
  await stranger.context().close();
});

// Checked to fail with the old lib/db-unavailable.ts and app/unavailable/route.ts (a bare
// redirect("/unavailable"), which lost the query, and a 503 whatever the database said).
test("database down on a page with a query: the 503 page remembers it and sends the person back once it is up", async ({
  signedInPage: page,
  email,
}) => {
  const wanted = "/account?tab=x";
  const unavailable = `/unavailable?from=${encodeURIComponent(wanted)}`;
  await proxy.down();
  expect((await page.goto(wanted))?.status()).toBe(503);
  await expect(page).toHaveURL(unavailable);
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Try again" })).toHaveAttribute("href", unavailable);
  // Still down: each visit asks the database again, and answers 503 again.
  expect((await page.reload())?.status()).toBe(503);

  // Back up: a reload lands where the person was.
  await proxy.up();
  await expect.poll(async () => (await page.request.get("/api/health")).status()).toBe(200);
  await page.reload();
  await expect(page).toHaveURL(wanted);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  // And so does "Try again".
  await proxy.down();
  await page.goto(wanted);
  await expect(page).toHaveURL(unavailable);
  await proxy.up();
  await expect.poll(async () => (await page.request.get("/api/health")).status()).toBe(200);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(wanted);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("connection cut after the challenge is claimed: no session cookie, and the link still works", async ({
  page,
  email,
  inbox,
}) => {
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  // Fresh connections send each statement's text again, which is what the cut looks for.
  await proxy.down();
  await proxy.up();
  await expect.poll(async () => (await page.request.get("/api/health")).status()).toBe(200);
  proxy.cutWhen(`insert into "sessions"`);

  const cut = await page.goto(link);
  expect(cut?.status()).toBe(503);
  expect(await cookieNames(page)).not.toContain("__Host-sesame_session");
  const [challenge] = await database.sql`select ended_at from sign_in_challenges where email = ${email}`;
  expect(challenge?.ended_at).toBeNull();
  expect(
    await database.sql`select 1 from sessions s join users u on u.id = s.user_id where u.email = ${email}`,
  ).toHaveLength(0);

  await page.goto(link);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

// New connections prepare, and so send the text of, every statement again: what cutWhen looks for.
async function freshConnections(page: Page) {
  await proxy.down();
  await proxy.up();
  await expect.poll(async () => (await page.request.get("/api/health")).status()).toBe(200);
}

// Checked to fail without the .catch(redirectIfDbUnavailable) in app/verify/confirm/page.tsx:
// the page then answers 500 with the error boundary.
test("database down on the confirm page: the 503 page, not an error; the link works once it is back", async ({
  page,
  email,
  inbox,
  browser,
}) => {
  await proxy.up();
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": freshIp() } });
  const otherDevice = await context.newPage();
  // Opened on another device: nothing is consumed; the token is parked for the confirm page.
  const opened = await otherDevice.request.get(link, { maxRedirects: 0 });
  expect(opened.headers().location).toBe("/verify/confirm");

  await proxy.down();
  const confirm = await otherDevice.goto("/verify/confirm");
  expect(confirm?.status()).toBe(503);
  await expect(otherDevice).toHaveURL(`/unavailable?from=${encodeURIComponent("/verify/confirm")}`);
  await expect(unavailableHeading(otherDevice)).toBeVisible();

  await proxy.up();
  await expect.poll(async () => (await otherDevice.request.get("/api/health")).status()).toBe(200);
  await otherDevice.getByRole("link", { name: "Try again" }).click();
  await otherDevice.getByRole("button", { name: "Sign in on this device" }).click();
  await expect(otherDevice.getByText(`Signed in as ${email}`)).toBeVisible();
  await context.close();
});

// Checked to fail without the .catch(redirectIfDbUnavailable) on signOutSessions in
// app/account/actions.ts: the error boundary ("Temporarily unavailable") then shows in place.
// Only the one connection dropped: by the time the person reaches /unavailable?from=/account
// the database answers again, and they are sent straight back to the account page.
test("connection dropped as sign-out revokes: back on the account page, and nothing was signed out", async ({
  signedInPage: page,
  email,
}) => {
  await freshConnections(page);
  proxy.cutWhen(`"revoked_at" = now()`);
  const [posted] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST"),
    page.getByRole("button", { name: "Sign out everywhere" }).click(),
  ]);
  // How Next answers an action's redirect() to a fetch: the target in x-action-redirect, and
  // what the target answered (here, after its 303, the account page) inline. The address bar
  // then reads /unavailable?from=%2Faccount over the account page; a reload lands on /account.
  expect(posted.headers()["x-action-redirect"]).toMatch(/^\/unavailable\?from=%2Faccount;/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(unavailableHeading(page)).toBeHidden();
  const [row] = await database.sql`select count(*)::int as live from sessions s join users u on u.id = s.user_id
    where u.email = ${email} and s.revoked_at is null`;
  expect(row?.live).toBe(1);
});

test("never logs a stack trace or the database URL when it answers 503", async () => {
  const { readFileSync } = await import("node:fs");
  const log = readFileSync(app.logFile, "utf8");
  expect(log).toContain("Database unavailable (");
  expect(log).not.toMatch(/^\s+at /m);
  expect(log).not.toContain("postgres://");
});
