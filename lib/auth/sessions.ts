import "server-only";
import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { sessions, users } from "@/db/schema";
import { authConfig } from "./config";
import { newSessionId, sha256 } from "./secrets";

const { absoluteLifetimeDays, idleTimeoutDays, touchIntervalMinutes } = authConfig.session;

// A fresh id on every sign-in: a cookie planted before sign-in is never upgraded (no fixation).
// `sid` is drawn when the sign-in began, in the sealed cookie that carried it (cookies.ts).
export async function startSession(tx: Tx, userId: string, userAgent: string, sid = newSessionId()): Promise<string> {
  await tx.insert(sessions).values({
    id: sha256(sid),
    userId,
    userAgent: userAgent.slice(0, 512),
    expiresAt: sql`now() + make_interval(days => ${absoluteLifetimeDays})`,
  });
  return sid;
}

export type ActiveSession = { id: string; userId: string; email: string };

// What makes a session row live: not revoked, within its absolute lifetime, not idle. Decided by
// the database clock, so re-sealing the cookie can never extend a session. The per-request check
// below and the account page's list and sign-outs (user-sessions.ts) all use this one rule.
export const liveSession = (): SQL =>
  and(
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - make_interval(days => ${idleTimeoutDays})`),
  )!;

// One primary-key read per request (db/index-plans.test.ts EXPLAINs this query).
export function selectActiveSession(id: string) {
  return db()
    .select({
      userId: sessions.userId,
      email: users.email,
      stale: sql<boolean>`${sessions.lastSeenAt} < now() - make_interval(mins => ${touchIntervalMinutes})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), liveSession()));
}

export async function findActiveSession(sid: string, uid: string): Promise<ActiveSession | null> {
  const id = sha256(sid);
  const [row] = await selectActiveSession(id);
  if (!row || row.userId !== uid) return null;
  if (row.stale) {
    await db()
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, id));
  }
  return { id, userId: row.userId, email: row.email };
}

// Revocation also ends the absolute lifetime now, so cleanup finds revoked rows through the
// expires_at index.
export const revokedNow = { revokedAt: sql`now()`, expiresAt: sql`least(${sessions.expiresAt}, now())` };
