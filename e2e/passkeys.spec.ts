import type { CDPSession, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// Passkeys in real Chromium, with a virtual authenticator through the DevTools protocol: a
// platform authenticator (internal transport) holding discoverable credentials and verifying
// the user, as Touch ID or a phone's screen lock would. Runs on desktop and mobile.
// Checked to fail: with the prompt's cookie check removed from app/account/page.tsx, "Not now"
// comes back on the next sign-in; with PasskeySignIn rendering before feature detection, the
// no-JavaScript page shows the button.

async function addAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

// Chromium's virtual authenticator answers an autofill (conditional) request at once, as if the
// person had picked the passkey. To press the button instead, this page plays a browser without
// passkey autofill while the flag is set.
async function withoutAutofill(page: Page, on: boolean) {
  await page.evaluate((on) => (on ? sessionStorage.setItem("no-autofill", "1") : sessionStorage.clear()), on);
}

async function addAutofillSwitch(page: Page) {
  // Asked at call time: signing out reaches /login by a client-side navigation, no new document.
  await page.addInitScript(() => {
    const available = PublicKeyCredential.isConditionalMediationAvailable.bind(PublicKeyCredential);
    PublicKeyCredential.isConditionalMediationAvailable = async () =>
      sessionStorage.getItem("no-autofill") ? false : available();
  });
}

async function credentialsOf(cdp: CDPSession, authenticatorId: string) {
  return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

const prompt = (page: Page) => page.getByRole("heading", { name: "Sign in faster next time on this device?" });

test("email sign-in, add a passkey from the prompt, then sign in with the button and from autofill", async ({
  page,
  signedInPage,
  email,
}) => {
  test.setTimeout(90_000);
  const { cdp, authenticatorId } = await addAuthenticator(page);
  await addAutofillSwitch(page);
  // The prompt waits for the browser to say it has a platform authenticator: reload now that it has.
  await page.reload();
  await expect(prompt(page)).toBeVisible();
  await page.getByRole("button", { name: "Add a passkey" }).first().click();
  const passkeys = page.getByRole("list", { name: "Passkeys" });
  await expect(passkeys.getByRole("listitem")).toHaveCount(1);
  await expect(prompt(page)).toBeHidden();
  const [credential] = await credentialsOf(cdp, authenticatorId);
  expect(credential).toMatchObject({ isResidentCredential: true, rpId: "localhost" });

  // The button: one tap, back on /account, in a session "via passkey".
  await withoutAutofill(page, true);
  await signOut(signedInPage);
  await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "email");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Signed-in devices" })).toContainText("via passkey");
  await expect(passkeys).toContainText("Last used just now");
  // A passkey session is no email proof: no offer, and adding another needs an email sign-in.
  await expect(prompt(page)).toBeHidden();
  await expect(page.getByText("To add a passkey, sign in with your email first")).toBeVisible();

  // The email field's autofill (conditional mediation), asked for as the page loads: the virtual
  // authenticator picks the passkey at once.
  await withoutAutofill(page, false);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("list", { name: "Signed-in devices" })).toContainText("via passkey");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("'Not now' is remembered on this device; rename and remove on /account", async ({
  page,
  signedInPage,
  email,
  inbox,
}) => {
  test.setTimeout(150_000);
  await addAuthenticator(page);
  await addAutofillSwitch(page);
  await page.reload();
  await page.getByRole("button", { name: "Not now" }).click();
  await expect(prompt(page)).toBeHidden();
  await page.reload();
  await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(1);
  await expect(prompt(page)).toBeHidden();

  // The next email sign-in on this device: still no offer (the send cooldown is waited out).
  await withoutAutofill(page, true);
  await signOut(signedInPage);
  await page.waitForTimeout(61_000);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const { link } = await inbox.latest(email, { count: 2 });
  await page.goto(link);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(1);
  await expect(prompt(page)).toBeHidden();

  // Added from the Passkeys section, renamed, removed.
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const passkeys = page.getByRole("list", { name: "Passkeys" });
  await expect(passkeys.getByRole("listitem")).toHaveCount(1);
  await passkeys.getByLabel(/New name for/).fill("My laptop");
  await passkeys.getByRole("button", { name: /^Rename/ }).click();
  await expect(passkeys.getByText("My laptop", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Remove My laptop" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
});

test("with JavaScript, /login offers passkeys in the email field's autofill and a button", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  // The email form still works while the autofill request waits.
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("no passkey UI anywhere: the login page is the email form, the account page lists only", async ({
    signedInPage: page,
  }) => {
    await expect(page.getByText("Passkeys", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /passkey/i })).toHaveCount(0);
    await expect(prompt(page)).toHaveCount(0);
    await signOut(page);
    await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "email");
    await expect(page.getByRole("button", { name: /passkey/i })).toHaveCount(0);
  });
});
