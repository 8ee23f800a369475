import "server-only";
import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import type { z } from "zod";

// iron-session's seal (encrypted and authenticated), with secret rotation and a reader that
// never throws. Pure: the secrets come in as arguments (sealed-cookie.ts passes lib/env's).
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
