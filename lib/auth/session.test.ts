import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { sessions, users } from "@/db/schema";
import { freshEmail, issue, meta } from "@/lib/test/auth";
import { redeemLink } from "./redeem";
import { sha256 } from "./tokens";
import { findActiveSession, revokeSessions, startSession } from "./session";

async function signIn() {
  const email = freshEmail();
  const result = await redeemLink((await issue(email)).token, meta);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { email, sid: result.sid, uid: result.userId, id: sha256(result.sid) };
}

const setSession = (id: string, values: PgUpdateSetSource<typeof sessions>) =>
  db().update(sessions).set(values).where(eq(sessions.id, id));

async function lastSeen(id: string): Promise<number> {
  const [row] = await db().select({ at: sessions.lastSeenAt }).from(sessions).where(eq(sessions.id, id));
  return row!.at.getTime();
}

describe("sessions", () => {
  it("stores only a hash of the session id, with a 30-day absolute lifetime", async () => {
    const { sid, id } = await signIn();
    expect(await db().select().from(sessions).where(eq(sessions.id, sid))).toHaveLength(0);
    const [row] = await db()
      .select({
        days: sql<number>`round(extract(epoch from ${sessions.expiresAt} - ${sessions.createdAt}) / 86400)::int`,
      })
      .from(sessions)
      .where(eq(sessions.id, id));
    expect(row?.days).toBe(30);
  });

  it("finds a fresh session", async () => {
    const { email, sid, uid, id } = await signIn();
    expect(await findActiveSession(sid, uid)).toEqual({ id, userId: uid, email });
  });

  it("gives a new, distinct id on every start", async () => {
    const { uid } = await signIn();
    const [a, b] = await db().transaction(async (tx) => [
      await startSession(tx, uid, "a"),
      await startSession(tx, uid, "b".repeat(2000)),
    ]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [row] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.id, sha256(b!)));
    expect(row?.userAgent).toHaveLength(512);
  });

  it("is over once revoked, and stays over", async () => {
    const { sid, uid, id } = await signIn();
    expect(await revokeSessions(db(), uid, eq(sessions.id, id))).toBe(1);
    expect(await findActiveSession(sid, uid)).toBeNull();
    const [row] = await db().select({ at: sessions.revokedAt }).from(sessions).where(eq(sessions.id, id));
    expect(row?.at).toBeInstanceOf(Date);
  });

  it("is over once the absolute lifetime has passed, however active", async () => {
    const { sid, uid, id } = await signIn();
    await setSession(id, { expiresAt: sql`now() - interval '1 second'`, lastSeenAt: sql`now()` });
    expect(await findActiveSession(sid, uid)).toBeNull();
  });

  it("is over after 7 idle days, but not after 6", async () => {
    const six = await signIn();
    await setSession(six.id, { lastSeenAt: sql`now() - interval '6 days'` });
    expect(await findActiveSession(six.sid, six.uid)).not.toBeNull();

    const eight = await signIn();
    await setSession(eight.id, { lastSeenAt: sql`now() - interval '7 days 1 minute'` });
    expect(await findActiveSession(eight.sid, eight.uid)).toBeNull();
  });

  // Short lifetimes that really run out on the database clock, not rows moved into the past.
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it("ends when a 1-second absolute lifetime runs out, however active", async () => {
    const { sid, uid, id } = await signIn();
    await setSession(id, { expiresAt: sql`now() + interval '1 second'` });
    expect(await findActiveSession(sid, uid)).not.toBeNull();
    await tick();
    expect(await findActiveSession(sid, uid)).toBeNull();
  });

  it("ends when 1 second of idle time is left and passes, unless the session is used", async () => {
    const idleSoon = sql`now() - interval '7 days' + interval '1 second'`;
    const unused = await signIn();
    const used = await signIn();
    await setSession(unused.id, { lastSeenAt: idleSoon });
    await setSession(used.id, { lastSeenAt: idleSoon });
    expect(await findActiveSession(used.sid, used.uid)).not.toBeNull();
    await tick();
    expect(await findActiveSession(unused.sid, unused.uid)).toBeNull();
    expect(await findActiveSession(used.sid, used.uid)).not.toBeNull();
  });

  it("rejects a sid paired with another user id, or an unknown sid", async () => {
    const a = await signIn();
    const b = await signIn();
    expect(await findActiveSession(a.sid, randomUUID())).toBeNull();
    expect(await findActiveSession(a.sid, b.uid)).toBeNull();
    expect(await findActiveSession("no-such-session", a.uid)).toBeNull();
    expect(await findActiveSession(a.id, a.uid)).toBeNull();
  });

  it("ends with its user", async () => {
    const { sid, uid } = await signIn();
    await db().delete(users).where(eq(users.id, uid));
    expect(await findActiveSession(sid, uid)).toBeNull();
  });

  it("writes last_seen_at only when it is more than 5 minutes old", async () => {
    const { sid, uid, id } = await signIn();
    const fresh = await lastSeen(id);
    await findActiveSession(sid, uid);
    expect(await lastSeen(id)).toBe(fresh);

    await setSession(id, { lastSeenAt: sql`now() - interval '4 minutes'` });
    const recent = await lastSeen(id);
    await findActiveSession(sid, uid);
    expect(await lastSeen(id)).toBe(recent);

    await setSession(id, { lastSeenAt: sql`now() - interval '6 minutes'` });
    const stale = await lastSeen(id);
    await findActiveSession(sid, uid);
    expect(await lastSeen(id)).toBeGreaterThanOrEqual(stale + 6 * 60_000 - 1_000);
  });

  it("does not touch a session it refuses", async () => {
    const { sid, id } = await signIn();
    await setSession(id, { lastSeenAt: sql`now() - interval '6 minutes'` });
    const before = await lastSeen(id);
    await findActiveSession(sid, randomUUID());
    expect(await lastSeen(id)).toBe(before);
  });
});
