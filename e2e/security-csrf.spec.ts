import { expect, test } from "./fixtures";
import { postForm } from "./support/forms";

// CSRF. Next refuses a server action whose Origin names another host or is `null` (whatever
// Sec-Fetch-Site says) with a bare 500, before our code runs: for the sign-in action only the
// Sec-Fetch-Site cases reach our code and pin lib/auth/http.ts. POST /verify is a route
// handler, which Next does not check: there every case reaches our code.
// How they fail without their rule (reasoned, not mutated): with isSameOrigin returning true,
// the Sec-Fetch-Site cases reach the sign-in action and a 303 and an email follow, and every
// case passes POST /verify; request.test.ts pins isSameOrigin case by case.
// The other state-changing forms need a second email, so their cross-site tests live where the
// 60 s per-email cooldown is waited out anyway: "send again" in send-again.spec.ts, and sign out
// one, all other devices and everywhere in devices.spec.ts (both mutated and caught there).
test.describe.configure({ mode: "parallel" });

const crossSite: { name: string; headers: Record<string, string> }[] = [
  { name: "a foreign Origin", headers: { Origin: "http://evil.example" } },
  { name: "Origin: null", headers: { Origin: "null" } },
  { name: "Origin: null with Sec-Fetch-Site: cross-site", headers: { Origin: "null", "Sec-Fetch-Site": "cross-site" } },
  { name: "cross-site Sec-Fetch-Site", headers: { "Sec-Fetch-Site": "cross-site" } },
  { name: "same-site Sec-Fetch-Site", headers: { "Sec-Fetch-Site": "same-site" } },
];

for (const { name, headers } of crossSite) {
  test(`the sign-in action rejects ${name}`, { tag: "@desktop" }, async ({ request, email, inbox, baseURL }) => {
    const all = { Origin: baseURL!, ...headers };
    const response = await postForm(request, "/login", { email, next: "/account" }, all);
    expect(response.status()).not.toBe(303);
    expect(response.headers()["set-cookie"] ?? "").not.toMatch(/binding/i);
    expect(await inbox.all(email)).toHaveLength(0);
  });

  test(`POST /verify rejects ${name}`, { tag: "@desktop" }, async ({ request, baseURL }) => {
    const response = await request.post("/verify", { headers: { Origin: baseURL!, ...headers }, maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toBe("/verify/error?reason=cross-site");
  });
}

test("the code action rejects a cross-site request", { tag: "@desktop" }, async ({ page, email }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const response = await postForm(
    page.request,
    "/login/check-email?method=code",
    { code: "123456" },
    { "Sec-Fetch-Site": "cross-site" },
  );
  expect(await response.text()).toContain("This request came from another site");
});

// No Origin (an `Origin: null` or foreign one never reaches the action: Next answers 500), so
// only signOutAction's own check stands between this post and a sign-out. Checked to fail: with
// that check removed, the post signs out and redirects to /login.
test("sign-out rejects a cross-site POST and works from the page", async ({ signedInPage: page, email }) => {
  const forged = await postForm(page.request, "/account", {}, { "Sec-Fetch-Site": "cross-site", Origin: "" });
  // The action's own refusal: back to /account, not Next's 500 and not the sign-out's /login.
  expect(forged.status()).toBe(303);
  expect(forged.headers()["location"]).toBe("/account");
  await page.reload();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  // The same form, same-origin: signs out.
  await postForm(page.request, "/account", {});
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("sign-out is never reachable by GET", async ({ signedInPage: page, email }) => {
  const actionId = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(await page.content())?.[1];
  expect(actionId).toBeDefined();
  for (const path of ["/account", "/", "/login", "/account/sign-out", "/sign-out", "/logout"]) {
    await page.request.get(path, { headers: { "Next-Action": actionId! }, maxRedirects: 0 });
    await page.request.head(path, { headers: { "Next-Action": actionId! }, maxRedirects: 0 });
  }
  await page.reload();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});
