import { sealedSessionId } from "../lib/test/sealed-session";
import { expect, requestSignIn, test } from "./fixtures";
import { testSecrets } from "./support/servers";

const sealedSession = (value: string | undefined) => sealedSessionId(value ?? "", testSecrets.sessionSecret);

test("signed out, /account sends you to sign in and back", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL("/login?next=%2Faccount");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("after sign-out, a copy of the old session cookie no longer works", async ({
  signedInPage: page,
  email,
  otherDevice,
}) => {
  const saved = await page.context().cookies();
  const replay = await otherDevice();
  await replay.context().addCookies(saved);
  await replay.goto("/account");
  // The copy works while the session lives, so what follows is sign-out's doing.
  await expect(replay.getByText(`Signed in as ${email}`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL("/login");

  await replay.goto("/account");
  await expect(replay).toHaveURL("/login?next=%2Faccount");
  await page.goto("/account");
  await expect(page).toHaveURL("/login?next=%2Faccount");
});

test("a session cookie planted before sign-in is replaced, never upgraded", async ({
  signedInPage: attacker,
  email,
  otherDevice,
  inbox,
}) => {
  // The attacker keeps a copy of their own session cookie, signs out, and plants the copy.
  const planted = await attacker.context().cookies();
  await attacker.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(attacker).toHaveURL("/login");

  const victim = await otherDevice();
  await victim.context().addCookies(planted);
  const victimEmail = email.replace("user-", "victim-");
  await requestSignIn(victim, victimEmail);
  await victim.goto((await inbox.latest(victimEmail)).link);
  await expect(victim.getByText(`Signed in as ${victimEmail}`)).toBeVisible();

  // Compared by what they seal: every seal of the same ids reads differently (fresh salt and IV).
  const name = (c: { name: string }) => c.name.endsWith("sesame_session");
  const before = await sealedSession(planted.find(name)?.value);
  const after = await sealedSession((await victim.context().cookies()).find(name)?.value);
  expect(before).toBeTruthy();
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
  const replay = await otherDevice();
  await replay.context().addCookies(planted);
  await replay.goto("/account");
  await expect(replay).toHaveURL("/login?next=%2Faccount");
});

test("a sign-in in a browser that is already signed in ends the session it held", async ({
  signedInPage: page,
  email,
  otherDevice,
  inbox,
}) => {
  const held = await page.context().cookies();
  // The same person asks on their phone for their work address and opens the link on this browser.
  const work = email.replace("user-", "work-");
  await requestSignIn(await otherDevice(), work);
  await page.goto((await inbox.latest(work)).link);
  await page.getByRole("button", { name: "Sign in on this device" }).click();
  await expect(page.getByText(`Signed in as ${work}`)).toBeVisible();

  const replay = await otherDevice();
  await replay.context().addCookies(held);
  await replay.goto("/account");
  await expect(replay).toHaveURL("/login?next=%2Faccount");
});
