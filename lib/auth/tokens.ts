import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// Every secret Sesame makes, and how each is kept: a database reader must not be able to sign in.

// 256 bits from the CSPRNG, URL-safe: the magic-link token.
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

// 128 bits: the session id sealed in the cookie.
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

// 128 bits: a browser's device id (cookies.ts, deviceCookie); stored only as its SHA-256.
export function newDeviceId(): string {
  return randomBytes(16).toString("base64url");
}

// Six digits, leading zeros included (they happen 10% of the time).
export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

// A bare hash of a 6-digit code is reversed in milliseconds; an HMAC under a server key is not,
// so a database reader cannot turn a stored code hash into a sign-in. The key is derived from
// the session secret, so there is one secret to set and rotate.
export function codeHmac(secret: string, challengeId: string, code: string): string {
  const key = Buffer.from(hkdfSync("sha256", secret, "sesame", "code-hmac", 32));
  return createHmac("sha256", key).update(`${challengeId}:${code}`).digest("base64url");
}

// Codes are stored under the current secret.
export function hashCode(challengeId: string, code: string): string {
  return codeHmac(env().sessionSecret, challengeId, code);
}

// Checked under the current and the previous secret: a code emailed in the minutes before a
// rotation still works (it lives at most 10 minutes), rather than reading as a wrong guess that
// costs the person one of their five tries.
export function codeMatches(challengeId: string, code: string, storedHash: string): boolean {
  const { sessionSecret, previousSessionSecret } = env();
  return [sessionSecret, previousSessionSecret].some(
    (secret) => secret !== undefined && safeEqual(storedHash, codeHmac(secret, challengeId, code)),
  );
}

// What the binding cookie keeps of a wrong code (sealed there): enough to know the same code came
// again, for this challenge only.
export function wrongCodeMark(challengeId: string, code: string): string {
  return sha256(`wrong-code:${challengeId}:${code}`);
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
