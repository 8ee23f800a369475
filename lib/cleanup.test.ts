import { eq, inArray, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { expect, it } from "vitest";
import { db } from "@/db";
import { authEvents, rateLimits, sessions, signInChallenges } from "@/db/schema";
import { redeemLink } from "@/lib/auth/redeem";
import { sha256 } from "@/lib/auth/tokens";
import { revokeSessions, startSession } from "@/lib/auth/session";
import { freshEmail, issue, meta, setChallenge } from "@/lib/test/auth";
import { cleanupExpired } from "./cleanup";

const setSession = (id: string, values: PgUpdateSetSource<typeof sessions>) =>
  db().update(sessions).set(values).where(eq(sessions.id, id));

const window = (key: string, age: string) =>
  db()
    .insert(rateLimits)
    .values({ key, windowStart: sql`now() - ${age}::interval`, hits: 1 });

const event = (detail: string, age: string) =>
  db()
    .insert(authEvents)
    .values({ type: "requested", detail, at: sql`now() - ${age}::interval` });

// One test: this file has a database of its own, so the counts below are exact.
it("deletes exactly the dead sessions, old challenges, old rate-limit windows and old events, idempotently", async () => {
  const redeemed = await issue(freshEmail());
  const signedIn = await redeemLink(redeemed.token, meta);
  if (!signedIn.ok) throw new Error(signedIn.reason);
  const uid = signedIn.userId;
  const more = await db().transaction(async (tx) =>
    Promise.all([1, 2, 3, 4].map(() => startSession(tx, uid, "vitest"))),
  );
  const [live, revoked, expired, idle, nearlyIdle] = [signedIn.sid, ...more].map(sha256);
  await revokeSessions(db(), uid, eq(sessions.id, revoked!));
  await setSession(expired!, { expiresAt: sql`now() - interval '1 second'` });
  await setSession(idle!, { lastSeenAt: sql`now() - interval '7 days 1 minute'` });
  await setSession(nearlyIdle!, { lastSeenAt: sql`now() - interval '6 days 23 hours'` });

  const pending = await issue(freshEmail());
  const old = await issue(freshEmail());
  const recent = await issue(freshEmail());
  await setChallenge(old.id, { expiresAt: sql`now() - interval '24 hours 1 minute'` });
  await setChallenge(recent.id, { expiresAt: sql`now() - interval '23 hours'` });

  await window("old", "48 hours 1 minute");
  await window("recent", "47 hours");

  await event("cleanup-old", "90 days 1 minute");
  await event("cleanup-recent", "89 days 23 hours");

  expect(await cleanupExpired(db())).toEqual({ sessions: 3, challenges: 1, rateLimits: 1, events: 1 });

  const sessionIds = await db().select({ id: sessions.id }).from(sessions);
  expect(sessionIds.map((r) => r.id).sort()).toEqual([live!, nearlyIdle!].sort());
  const challengeIds = await db()
    .select({ id: signInChallenges.id })
    .from(signInChallenges)
    .where(inArray(signInChallenges.id, [redeemed.id, pending.id, old.id, recent.id]));
  expect(challengeIds.map((r) => r.id).sort()).toEqual([redeemed.id, pending.id, recent.id].sort());
  // Only this test's windows: issuing challenges also counts in live windows (e.g. sends:global).
  const keys = await db()
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(inArray(rateLimits.key, ["old", "recent"]));
  expect(keys.map((r) => r.key)).toEqual(["recent"]);
  // Only this test's old and recent events; issuing and redeeming above recorded live ones.
  const details = await db()
    .select({ detail: authEvents.detail })
    .from(authEvents)
    .where(inArray(authEvents.detail, ["cleanup-old", "cleanup-recent"]));
  expect(details.map((r) => r.detail)).toEqual(["cleanup-recent"]);

  expect(await cleanupExpired(db())).toEqual({ sessions: 0, challenges: 0, rateLimits: 0, events: 0 });
});
