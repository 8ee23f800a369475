import { expect, test } from "./fixtures";

// Headers on every HTML response, from the production build. Each assertion names one directive
// or header, so removing it from lib/security-headers.ts or proxy.ts fails that assertion.
// Cache-Control is compared whole: on dynamic pages Next sends its own value, "private,
// no-cache, no-store, max-age=0, must-revalidate" (as on `/`, not an auth page), which
// contains "no-store" too; only the exact "no-store" shows that proxy.ts set it. Checked:
// without that line in proxy.ts, the auth pages answered with Next's value and these failed.
const pages = ["/", "/login", "/login/check-email", "/verify/confirm", "/verify/error?reason=expired", "/account"];

for (const path of pages) {
  test(`security headers on ${path}`, { tag: "@desktop" }, async ({ request }) => {
    const response = await request.get(path, { maxRedirects: 0 });
    const h = response.headers();
    const csp = h["content-security-policy"] ?? "";
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'(;|$)/);
    expect(csp).not.toContain("unsafe-eval");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    expect(h["referrer-policy"]).toBe(path.startsWith("/verify") ? "no-referrer" : "strict-origin-when-cross-origin");
    if (path !== "/") expect(h["cache-control"]).toBe("no-store");
  });
}

test("GET /verify answers with no-referrer and no-store", { tag: "@desktop" }, async ({ request }) => {
  const response = await request.get("/verify?token=nonsense", { maxRedirects: 0 });
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["cache-control"]).toBe("no-store");
});

test("a signed-in account page is never cached", { tag: "@desktop" }, async ({ signedInPage: page }) => {
  const response = await page.request.get("/account", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("Signed in as");
  expect(response.headers()["cache-control"]).toBe("no-store");
});

test("the CSP nonce is new on every request and stamped on every script", { tag: "@desktop" }, async ({ request }) => {
  const nonces = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/login");
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

// The 404 page too: prerendered at build time, its scripts would carry no nonce and every one
// would be refused (checked: with app/not-found.tsx static again, this test fails on it).
test("the app runs under its CSP: no violations while signing in, nor on the 404 page", async ({
  page,
  email,
  inbox,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto((await inbox.latest(email)).link);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(violations).toEqual([]);
});
