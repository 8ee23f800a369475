import { expect, test } from "./fixtures";

// Session cookie flags in production, and forged cookies. Each flag is one field of the
// toMatchObject, so dropping `__Host-`, Secure or HttpOnly in lib/auth/cookies.ts fails it.
test("the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, host-only", { tag: "@desktop" }, async ({
  signedInPage: page,
}) => {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.includes("sesame_session"));
  expect(session).toBeDefined();
  expect(session).toMatchObject({ name: "__Host-sesame_session", secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
  expect(session!.domain.startsWith(".")).toBe(false);
});

test("a tampered session cookie means signed out, not an error", { tag: "@desktop" }, async ({ signedInPage: page }) => {
  const [session] = (await page.context().cookies()).filter((c) => c.name === "__Host-sesame_session");
  const flipped = session!.value.slice(0, -4) + (session!.value.endsWith("AAAA") ? "BBBB" : "AAAA");
  await page.context().addCookies([{ ...session!, value: flipped }]);
  const response = await page.goto("/account");
  expect(response?.status()).toBeLessThan(500);
  await expect(page).toHaveURL("/login?next=%2Faccount");
});
