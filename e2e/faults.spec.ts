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

for (const mode of ["500", "429", "hang", "403"]) {
  test(
    `email provider answering ${mode}: a clear message within 10 s, no email, nothing bound`,
    {
      tag: "@desktop",
    },
    async ({ page, email, inbox }) => {
      await failEmailTo(email, mode);
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      const started = Date.now();
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await expect(page.getByText("We couldn't send the email just now.")).toBeVisible({ timeout: 10_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(page).toHaveURL("/login");
      expect(await inbox.all(email)).toHaveLength(0);
      // No binding cookie: there is no challenge for this browser to redeem.
      const names = (await page.context().cookies()).map((c) => c.name);
      expect(names.filter((n) => n.includes("binding"))).toEqual([]);
    },
  );
}
