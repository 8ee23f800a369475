import { expect, freshIp, test } from "./fixtures";
import { postForm } from "./support/forms";

// Throttles and enumeration, through the real HTTP stack (the e2e servers trust one proxy hop:
// X-Forwarded-For is "<client written…>, <what the proxy saw>"; see e2e/fixtures.ts).
// How each fails without its rule (reasoned from the assertions; the same rules were mutated
// and caught in lib/auth/throttle.limits.test.ts and http.test.ts): without the per-IP hitLimit
// in lib/auth/sign-in.ts the 11th request gets a 303 and an email; with clientIp taking
// the leftmost (client-written) entry every request has a new IP and the same happens. If the
// login action answered a per-email throttle with a message, its 200 would differ from the 303.
test.describe.configure({ mode: "parallel" });
test.use({ javaScriptEnabled: false });

const signIn = (email: string) => ({ email, next: "/account" });

test("X-Forwarded-For cannot dodge the per-IP limit", { tag: "@desktop" }, async ({ request, clientIp, inbox }) => {
  const emails = Array.from({ length: 11 }, (_, i) => `spoof-${i}-${clientIp.replace(/\./g, "-")}@example.com`);
  const statuses: number[] = [];
  for (const email of emails) {
    // A fresh "client address" written in front of the one the proxy appended, every time.
    const headers = { "X-Forwarded-For": `${freshIp()}, ${clientIp}` };
    statuses.push((await postForm(request, "/login", signIn(email), headers)).status());
  }
  // Ten requests sign in (303 to the check-email page); the eleventh is refused on the form.
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
  expect(statuses[10]).toBe(200);
  expect(await inbox.all(emails[10]!)).toHaveLength(0);
  expect(await inbox.all(emails[9]!)).toHaveLength(1);
});

test("a throttled IP is told clearly when to retry", { tag: "@desktop" }, async ({ page, clientIp }) => {
  for (let i = 0; i < 10; i++) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(`ip-${i}-${clientIp.replace(/\./g, "-")}@example.com`);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }
  await page.goto("/login");
  await page.getByLabel("Email").fill(`ip-10-${clientIp.replace(/\./g, "-")}@example.com`);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(
    page.getByText(/Too many sign-in requests from your network\. Try again in (\d+ (minutes|seconds)|a minute)\./),
  ).toBeVisible();
});

test("known and unknown emails get byte-identical responses, throttled or not", async ({
  request,
  signedInPage,
  email,
}) => {
  // `email` has an account now (signedInPage signed it in). Same mask shape: u•••@example.com.
  const unknown = `user-${Date.now().toString(16)}@example.com`;
  const answers = [];
  for (const address of [email, unknown, email, unknown]) {
    const response = await postForm(request, "/login", signIn(address));
    answers.push({
      status: response.status(),
      location: response.headers()["location"],
      body: (await response.body()).toString("base64"),
      cookies: response
        .headersArray()
        .filter((h) => h.name.toLowerCase() === "set-cookie")
        .map((h) => h.value.replace(/=[^;]*/, "=…").replace(/Expires=[^;]*/, "Expires=…")),
    });
  }
  // Known and unknown, each sent (this client is a browser of its own), and both again (both
  // throttled now by this browser's cooldown): all four answers are the same bytes but for the
  // sealed cookies.
  expect(answers[0]!.status).toBe(303);
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  await expect(signedInPage.getByText(`Signed in as ${email}`)).toBeVisible();
});
