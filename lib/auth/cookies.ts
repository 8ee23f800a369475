import "server-only";
import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { cookies } from "next/headers";
import { z } from "zod";
import { env } from "@/lib/env";
import { authConfig } from "./config";
import { newDeviceId } from "./tokens";

// Every cookie Sesame sets, in one table: name, lifetime, flags and what it holds. All are
// HttpOnly, SameSite=Lax (Strict drops the cookie when a link is clicked from webmail), Path=/,
// and in production Secure with the `__Host-` prefix, which pins a cookie to this exact origin.
// The sealed ones are encrypted and authenticated with iron-session under SESSION_SECRET, and
// opened with it or SESSION_SECRET_PREVIOUS (rotation). Tampered, expired, foreign or malformed
// cookies read as null: "not there", never an error.

// The id of the session a sign-in through this cookie will start, drawn when the cookie is
// written (128 random bits, like every session id; sealed, so only this server can read it).
// A browser without JavaScript whose button was pressed twice shows only the second answer;
// the first, with the session cookie, is dropped. Holding this id is how the second request
// proves it comes from the same browser, and gets that same session (redeem.ts).
const sid = z.string().min(16);

// Set on the browser that asked for a sign-in email. It lets that browser redeem the link in one
// click and tells the code form which challenge it is for. A request throttled for its address
// binds nothing new (the page still looks the same): `cid` stays the challenge this browser was
// already sent for that same address, and is null when it had none for it (app/login/actions.ts).
// `lastWrong`: the mark of the last wrong code this browser sent (tokens.ts), so the same form
// sent again (a reload of the answer, which re-posts it without JavaScript) spends no new try.
const bindingShape = z.object({
  cid: z.uuid().nullable(),
  email: z.string(),
  next: z.string(),
  sid,
  lastWrong: z.string().optional(),
});
export type Binding = z.infer<typeof bindingShape>;

// Cookies that carry a link live as long as the longest link can (LINK_LIFETIME_SECONDS only
// shortens links; the challenge row decides expiry either way).
const linkCookieSeconds = authConfig.linkLifetimeSeconds;

// The session cookie seals only ids; everything else is read from the `sessions` row.
export const sessionCookie = sealedCookie(
  "sesame_session",
  authConfig.session.absoluteLifetimeSeconds,
  z.object({ sid: z.string().min(1), uid: z.string().min(1) }),
);

export const bindingCookie = sealedCookie("sesame_binding", linkCookieSeconds, bindingShape);

// A link opened without the binding cookie is parked here, so the token leaves the address bar
// and the confirm page can POST without carrying it in the URL. `cid` is its challenge: the
// confirm page's form names it, and POST /verify redeems the parked link only if they match.
// Another site can open a link of its own in this browser (a pop-up, say), parking it over the
// one whose address the page shows; without the check, pressing the button would sign the
// person in to that other account.
export const pendingLinkCookie = sealedCookie(
  "sesame_pending_link",
  linkCookieSeconds,
  z.object({ token: z.string(), cid: z.uuid(), sid }),
);

// Which way in this person chose on the check-email page ("code" or "link"). Not a secret and
// decides nothing that is allowed, so it is not sealed (a seal costs CPU on every page).
export const methodCookie = plainCookie("sesame_method", authConfig.methodCookieSeconds, z.enum(["code", "link"]));

// This browser's device id: 128 random bits, drawn the first time it asks to sign in (or signs
// in) and kept 400 days. A device that has signed in to an address is *known* for it
// (known_devices holds the id's hash): its sign-ins are never refused for what other browsers
// did to the address, and a sign-in from any other device sends the new-sign-in alert. Sealed,
// so an id cannot be made up or read out of the database and replayed: a stranger who copies the
// owner's User-Agent is still a new device. Clearing cookies only makes a browser new again.
export const deviceCookie = sealedCookie(
  "sesame_device",
  authConfig.deviceCookieSeconds,
  z.object({ id: z.string().min(16) }),
);

// The requesting browser's device id, or one drawn now if it has none (or it did not open). Not
// written here: the caller keeps it (keepDeviceId) once its database work is done, so a request
// answered with the 503 page sets no cookie.
export async function currentDeviceId(): Promise<string> {
  return (await deviceCookie.read())?.id ?? newDeviceId();
}

// Rewritten every time, so a device in use keeps its id past the cookie's 400 days. Only where
// cookies may be set: server actions and route handlers.
export async function keepDeviceId(id: string): Promise<void> {
  await deviceCookie.write({ id });
}

// The passkey ceremony this browser started (passkey.ts): its challenge row's id. A response
// counts only with the challenge that this very browser was given.
export const passkeyChallengeCookie = sealedCookie(
  "sesame_passkey_challenge",
  authConfig.passkey.challengeLifetimeSeconds,
  z.object({ id: z.uuid(), next: z.string() }),
);

// "Not now" to the passkey offer, or a passkey added here: either way, do not offer again on
// this device for a while. Decides nothing that is allowed, so not sealed.
export const passkeyPromptCookie = plainCookie(
  "sesame_passkey_prompt",
  authConfig.passkey.promptDismissSeconds,
  z.enum(["dismissed", "added"]),
);

const cookieName = (baseName: string) => (env().isProduction ? `__Host-${baseName}` : baseName);

function cookieOptions(maxAge: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure: env().isProduction, path: "/", maxAge };
}

function sealedCookie<T extends object>(baseName: string, ttlSeconds: number, shape: z.ZodType<T>) {
  return {
    async read(): Promise<T | null> {
      const raw = (await cookies()).get(cookieName(baseName))?.value;
      return raw ? openSeal(raw, sealSecrets(), ttlSeconds, shape) : null;
    },
    async write(value: T): Promise<void> {
      const sealed = await sealValue(value, sealSecrets(), ttlSeconds);
      (await cookies()).set(cookieName(baseName), sealed, cookieOptions(ttlSeconds));
    },
    async clear(): Promise<void> {
      (await cookies()).set(cookieName(baseName), "", cookieOptions(0));
    },
  };
}

function plainCookie<T extends string>(baseName: string, ttlSeconds: number, shape: z.ZodType<T>) {
  return {
    async read(): Promise<T | null> {
      const parsed = shape.safeParse((await cookies()).get(cookieName(baseName))?.value);
      return parsed.success ? parsed.data : null;
    },
    async write(value: T): Promise<void> {
      (await cookies()).set(cookieName(baseName), value, cookieOptions(ttlSeconds));
    },
  };
}

const sealSecrets = (): SealSecrets => ({ current: env().sessionSecret, previous: env().previousSessionSecret });

// iron-session's seal, with secret rotation and a reader that never throws. The two functions
// below are pure (the secrets come in as arguments), so the tests can rotate secrets freely.
export type SealSecrets = { current: string; previous?: string | undefined };

// Our cookies seal a few ids (~300 characters); browsers keep at most 4 kB per cookie. Anything
// longer is not ours, and is refused before any crypto runs.
const MAX_SEAL_LENGTH = 4096;

// Rotation uses iron-session's password map: a seal names the id of the password that made it,
// and unsealing looks that id up. Fixed ids ("2 = current, 1 = previous") would break at the
// second rotation, when cookies sealed under id 2 meet the next id-2 secret. So each secret's id
// is derived from the secret itself, and a cookie always finds the secret that sealed it. The id
// says nothing an attacker could not already test a guessed secret against (the seal's HMAC).
function passwordId(secret: string): string {
  const digest = createHash("sha256").update(`sesame-seal-password-id:${secret}`).digest("hex");
  // 48 bits, decimal: iron-session picks the sealing password by the numerically largest id.
  return String(Number.parseInt(digest.slice(0, 12), 16));
}

// No prototype: a forged seal naming the password id "constructor" or "__proto__" finds nothing.
function passwordMap(secrets: (string | undefined)[]): Record<string, string> {
  const map: Record<string, string> = Object.create(null);
  for (const secret of secrets) if (secret) map[passwordId(secret)] = secret;
  return map;
}

// Opening a seal costs ~0.4 ms of CPU (two PBKDF2 derivations, an HMAC and an AES decryption),
// a sizeable share of a signed-in page, and the same cookie comes back on every request. A seal
// is authenticated, so one string opened under one set of secrets always yields the same value:
// it is remembered (per secrets, until the seal's own expiry), and only strings that opened are.
// Bounded; the oldest entry goes first.
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, { data: unknown; expiresAt: number }>();

function rememberedKey(raw: string, passwords: Record<string, string>): string {
  return `${Object.keys(passwords).join(",")}|${raw}`;
}

// The expiry iron writes into the seal (ms since the epoch): its sixth `*`-separated field.
function sealExpiry(raw: string): number | null {
  const expiration = raw.split("~")[0]!.split("*")[5];
  return expiration && /^[1-9]\d*$/.test(expiration) ? Number(expiration) : null;
}

function recall(key: string): unknown {
  const entry = remembered.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt > Date.now()) return entry.data;
  remembered.delete(key);
  return undefined;
}

function remember(key: string, raw: string, data: unknown): void {
  const expiresAt = sealExpiry(raw);
  if (expiresAt === null) return;
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, { data, expiresAt });
}

// Sealed with the current secret only.
export function sealValue(value: object, secrets: SealSecrets, ttlSeconds: number): Promise<string> {
  return sealData(value, { password: passwordMap([secrets.current]), ttl: ttlSeconds });
}

// Opened with the current or the previous secret. Tampered, expired, foreign, malformed or
// oversized values, and values of the wrong shape, all read as null: "not there", never an error.
export async function openSeal<T>(
  raw: string,
  secrets: SealSecrets,
  ttlSeconds: number,
  shape: z.ZodType<T>,
): Promise<T | null> {
  if (!raw || raw.length > MAX_SEAL_LENGTH) return null;
  try {
    const password = passwordMap([secrets.current, secrets.previous]);
    const key = rememberedKey(raw, password);
    let data = recall(key);
    if (data === undefined) {
      data = await unsealData<unknown>(raw, { password, ttl: ttlSeconds });
      // iron-session reports a seal that did not open as an empty object.
      if (data && typeof data === "object" && Object.keys(data).length > 0) remember(key, raw, data);
    }
    const parsed = shape.safeParse(data);
    return parsed.success ? parsed.data : null;
  } catch {
    // iron-session 9 reports unseal failures as an empty session, but older versions threw on
    // some malformed seals; whatever the library does, a bad cookie is only "signed out".
    return null;
  }
}
