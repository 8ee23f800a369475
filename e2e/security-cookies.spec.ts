import { sealData } from "iron-session";
import { expect, test } from "./fixtures";

// Session cookie flags in production, and forged cookies. Each flag is one field of the
// toMatchObject, so dropping `__Host-`, Secure or HttpOnly in lib/auth/cookies.ts fails it.
test(
  "the session and device id cookies are __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, host-only",
  { tag: "@desktop" },
  async ({ signedInPage: page }) => {
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.includes("sesame_session"));
    expect(session).toBeDefined();
    expect(session).toMatchObject({
      name: "__Host-sesame_session",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
    });
    expect(session!.domain.startsWith(".")).toBe(false);
    // The device id (issue 18): the same flags, kept 400 days.
    const device = cookies.find((c) => c.name.includes("sesame_device"));
    expect(device).toMatchObject({
      name: "__Host-sesame_device",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
    });
    expect(device!.domain.startsWith(".")).toBe(false);
    const days = (device!.expires - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(399);
    expect(days).toBeLessThanOrEqual(400);
  },
);

test(
  "a tampered session cookie means signed out, not an error",
  { tag: "@desktop" },
  async ({ signedInPage: page }) => {
    const [session] = (await page.context().cookies()).filter((c) => c.name === "__Host-sesame_session");
    const flipped = session!.value.slice(0, -4) + (session!.value.endsWith("AAAA") ? "BBBB" : "AAAA");
    await page.context().addCookies([{ ...session!, value: flipped }]);
    const response = await page.goto("/account");
    expect(response?.status()).toBeLessThan(500);
    await expect(page).toHaveURL("/login?next=%2Faccount");
  },
);

// Malformed and foreign values for each sealed cookie, sent raw (a browser would refuse some of
// them): each reads as "not there" — signed out, no challenge, no pending link — never a 500.
// Checked to fail by making openSeal (lib/auth/cookies.ts) throw wherever it returns null: 500s.
const foreignSeal = () =>
  sealData({ sid: "x", uid: "y" }, { password: "a-secret-of-another-deployment-32+chars", ttl: 3600 });
const hostileValues = async () => [
  "a*b*c*d*e*f*g*h",
  "Fe26.2*1*x*y*z*w*v*u",
  "Fe26.2*constructor*x*y*z*w*v*u",
  "",
  "A".repeat(8000),
  await foreignSeal(),
];
const sealedCookies = [
  { name: "__Host-sesame_session", path: "/account", lands: "/login?next=%2Faccount" },
  { name: "__Host-sesame_binding", path: "/login/check-email", lands: "/login" },
  { name: "__Host-sesame_pending_link", path: "/verify/confirm", lands: "/verify/error?reason=expired" },
];

test(
  "malformed, oversized or foreign sealed cookies mean signed out, never a 500",
  { tag: "@desktop" },
  async ({ scanner }) => {
    for (const { name, path, lands } of sealedCookies) {
      for (const value of await hostileValues()) {
        const response = await scanner.get(path, { headers: { cookie: `${name}=${value}` } });
        expect(response.status(), `${name}=${value.slice(0, 40)}`).toBeGreaterThanOrEqual(300);
        expect(response.status(), `${name}=${value.slice(0, 40)}`).toBeLessThan(400);
        expect(response.headers().location).toBe(lands);
      }
    }
  },
);
