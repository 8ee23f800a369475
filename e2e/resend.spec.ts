import { expect, expectHydrated, requestSignIn, test } from "./fixtures";

// The resend button counts the per-email cooldown (60 s, a security default) down in the browser,
// and restarts it from the server's answer after a resend: the test waits one cooldown out.
test.describe.configure({ timeout: 120_000 });

test(
  "the resend button counts the cooldown down and restarts it after a resend",
  { tag: "@desktop" },
  async ({ page, email, inbox }) => {
    await requestSignIn(page, email);
    const button = page.getByRole("button", { name: /^Send again/ });
    await expectHydrated(button);
    await expect(button).toBeDisabled();
    const first = await button.textContent();
    expect(first).toMatch(/^Send again in \d+s$/);
    await expect(button).not.toHaveText(first ?? "");

    await expect(button).toHaveText("Send again", { timeout: 70_000 });
    await button.click();
    await expect(page.getByText("We sent a new link and code. The old ones no longer work.")).toBeVisible();
    await inbox.latest(email, { count: 2 });
    // The answer names the next allowed send; the countdown starts again from it.
    await expect(button).toBeDisabled();
    await expect(button).toHaveText(/^Send again in (60|59|58)s$/);
  },
);
