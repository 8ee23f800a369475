import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// 256 bits from the CSPRNG, URL-safe: the magic-link token.
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

// 128 bits: the session id sealed in the cookie.
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

// Six digits, leading zeros included (they happen 10% of the time).
export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

let codeKey: Buffer | undefined;

// A bare hash of a 6-digit code is reversed in milliseconds; an HMAC under a server key is not,
// so a database reader cannot turn a stored code hash into a sign-in.
export function hashCode(challengeId: string, code: string): string {
  codeKey ??= Buffer.from(hkdfSync("sha256", env().sessionSecret, "sesame", "code-hmac", 32));
  return createHmac("sha256", codeKey).update(`${challengeId}:${code}`).digest("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
