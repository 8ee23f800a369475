import { authConfig } from "../lib/auth/config";
import { expect, test } from "./fixtures";
import { standIn } from "./support/servers";

// Faults that PGlite can show: the email provider failing, and the health check. Database
// outages and two instances need real Postgres: e2e/postgres/.

async function failEmailTo(email: string, mode: string) {
  const response = await fetch(`${standIn.url}/__fail`, {
    method: "POST",
    body: JSON.stringify({ mode, to: email }),
  });
  expect(response.ok).toBe(true);
}

test("GET /api/health answers 200 with db ok while the database answers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ db: "ok" });
  expect(response.headers()["cache-control"]).toContain("no-store");
});

// The server gives up on the provider at authConfig.sends.deadlineMs ("hang" uses all of it); then the
// action's answer must reach the browser and render, and the click itself must get there. A
// flat 10 s left under 2 s for that, too little on a loaded 2-core CI machine, so allow 7 s on
// top. A send with no timeout at all still fails: "hang" never answers. lib/email.test.ts
// times the send itself against the 10 s rule.
const messageWithinMs = authConfig.sends.deadlineMs + 7_000;

for (const mode of ["500", "429", "hang", "403"]) {
  test(
    `email provider answering ${mode}: a clear message soon after the send deadline, no email, nothing bound`,
    {
      tag: "@desktop",
    },
    async ({ page, email, inbox }) => {
      await failEmailTo(email, mode);
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      const started = Date.now();
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await expect(page.getByText("We couldn't send the email just now.")).toBeVisible({ timeout: messageWithinMs });
      expect(Date.now() - started).toBeLessThan(messageWithinMs);
      await expect(page).toHaveURL("/login");
      expect(await inbox.all(email)).toHaveLength(0);
      // No binding cookie: there is no challenge for this browser to redeem.
      const names = (await page.context().cookies()).map((c) => c.name);
      expect(names.filter((n) => n.includes("binding"))).toEqual([]);
    },
  );
}
