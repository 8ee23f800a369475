import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { expect } from "vitest";
import { db } from "@/db";
import { rateLimits, sessions, signInChallenges, users } from "@/db/schema";
import { issueChallenge, type IssuedChallenge } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/http";

// Shared by the auth integration suites. Tests in one file share a database, so each test
// works on its own email address.
// Every read of `meta.ip` is a new address, so suites that are not about the per-IP limits
// never trip them; throttle.limits.test.ts pins those with fixed addresses.
export const meta: ClientMeta = {
  get ip() {
    return freshIp();
  },
  userAgent: "vitest",
};

// A client of its own: per-IP limits count an IPv6 /64 as one client (lib/auth/throttle.ts).
export const freshNetwork = () => `2001:db8:${randomBytes(4).toString("hex").match(/.{4}/g)!.join(":")}`;
export const freshIp = () => `${freshNetwork()}::${randomBytes(2).toString("hex")}`;

// The browser the suites ask from, unless a test is about devices: one device, so a second
// request for an address supersedes the first, as it does for one person in one browser.
export const testDevice = "vitest-device-0123456789";
export const freshDevice = () => `device-${randomBytes(16).toString("base64url")}`;

export const freshEmail = () => `user-${randomUUID()}@example.com`;

export type SignInChallengeSecrets = Extract<IssuedChallenge, { kind: "sign-in" }>;

// Issues with sign-up open (the default), so the challenge always carries a link and a code.
export async function issue(
  email: string,
  nextPath = "/account",
  deviceId = testDevice,
): Promise<SignInChallengeSecrets> {
  const result = await issueChallenge({ email, nextPath, ip: meta.ip, deviceId }, { signUp: "open" });
  if (!result.ok) throw new Error(`issueChallenge throttled for ${email}`);
  if (result.challenge.kind !== "sign-in") throw new Error(`no sign-in secrets for ${email}`);
  return result.challenge;
}

// Moves every challenge of this email back in time, past the per-email cooldown (and, with
// the default, past the hourly cap), without touching expiry.
export async function ageChallenges(email: string, by: SQL = sql`interval '2 hours'`) {
  await db()
    .update(signInChallenges)
    .set({ createdAt: sql`${signInChallenges.createdAt} - ${by}` })
    .where(eq(signInChallenges.email, email));
}

export async function challengeRow(id: string) {
  const [row] = await db().select().from(signInChallenges).where(eq(signInChallenges.id, id));
  expect(row).toBeDefined();
  return row!;
}

export async function setChallenge(id: string, values: PgUpdateSetSource<typeof signInChallenges>) {
  await db().update(signInChallenges).set(values).where(eq(signInChallenges.id, id));
}

// Fills the global send counter far past the cap in this window and the one before, so the
// next send is refused even if a minute boundary passes meanwhile (the limit slides over both).
// Callers delete the "sends:global" rows afterwards, or every later send in the file is refused.
export async function exhaustGlobalSends() {
  for (const back of [0, 1]) {
    const window = sql`to_timestamp((floor(extract(epoch from now()) / 60) - ${back}) * 60)`;
    await db()
      .insert(rateLimits)
      .values({ key: "sends:global", windowStart: window, hits: 1_000_000 })
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { hits: 1_000_000 } });
  }
}

// Any six digits other than the right ones.
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

export async function usersWithEmail(email: string) {
  return db().select().from(users).where(eq(users.email, email));
}

export async function sessionsOfEmail(email: string) {
  return db()
    .select({ id: sessions.id, userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(users.email, email));
}

export function tally<T extends string>(values: T[]): Partial<Record<T, number>> {
  const counts: Partial<Record<T, number>> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
