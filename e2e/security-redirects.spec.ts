import { expect, test } from "./fixtures";
import { postForm } from "./support/forms";

// Links and redirects. How they fail without their rule (reasoned, not mutated): a link built
// from Host or X-Forwarded-Host would start with http://evil.example; a `next` that survived
// validation would land somewhere other than /account (lib/auth/http.next-path.test.ts pins each
// case at unit level too).
test.describe.configure({ mode: "parallel" });

const hostileNext = [
  "//evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "https:evil.example",
  "https://evil.example/",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "/.//evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
];

for (const next of hostileNext) {
  test(`rejects next=${next}`, { tag: "@desktop" }, async ({ page, email, inbox }) => {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await page.goto((await inbox.latest(email)).link);
    await expect(page).toHaveURL("/account");
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  });
}

test("keeps a same-origin next path", { tag: "@desktop" }, async ({ page, email, inbox }) => {
  await page.goto(`/login?next=${encodeURIComponent("/account?tab=sessions#top")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto((await inbox.latest(email)).link);
  await expect(page).toHaveURL("/account?tab=sessions#top");
});

test("emailed links start with APP_URL whatever Host, X-Forwarded-Host or Forwarded say", async ({
  request,
  email,
  inbox,
  baseURL,
}) => {
  const response = await postForm(
    request,
    "/login",
    { email, next: "/account" },
    {
      Host: "evil.example",
      "X-Forwarded-Host": "evil.example",
      "X-Forwarded-Proto": "https",
      Forwarded: "host=evil.example;proto=https",
      // No Origin: Next's own action check would refuse a Host/Origin mismatch before our code.
      Origin: "",
    },
  );
  expect(response.status()).toBe(303);
  const { link, html } = await inbox.latest(email);
  expect(link.startsWith(`${baseURL}/verify?token=`)).toBe(true);
  expect(html).not.toContain("evil.example");
});

// requireSession() takes the page's path and query from the header proxy.ts sets. Checked to
// fail with requireSession("/account") on the account page: the query is dropped.
test(
  "a protected page opened signed out comes back with its query after sign-in",
  { tag: "@desktop" },
  async ({ page, email, inbox }) => {
    const wanted = "/account?x=y&tab=devices";
    await page.goto(wanted);
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(wanted)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await page.goto((await inbox.latest(email)).link);
    await expect(page).toHaveURL(wanted);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  },
);

// Checked to fail with `append` in place of `set` in proxy.ts: the client's value goes first.
test("a request's own x-sesame-url header is replaced by the proxy", async ({ request }) => {
  const response = await request.get("/account?tab=devices", {
    headers: { "x-sesame-url": "/somewhere-else" },
    maxRedirects: 0,
  });
  expect(response.headers().location).toBe(`/login?next=${encodeURIComponent("/account?tab=devices")}`);
});
