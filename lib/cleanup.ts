import { count, lt, sql, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../db/client";
import { authEvents, passkeyChallenges, rateLimits, sessions, signInChallenges } from "../db/schema";
import { authConfig } from "./auth/config";

// Deleting what can never be used again, by the retention rules in authConfig.cleanup. No
// server-only: scripts/cleanup.ts (`npm run db:cleanup`, for cron) runs it outside Next.

export type Cleaned = { sessions: number; challenges: number; rateLimits: number; events: number };

const secondsAgo = (seconds: number) => sql`now() - make_interval(secs => ${seconds})`;

// What can never be used again, one DELETE per index (see db/schema.ts), so each stays cheap as
// tables grow. Built here and run by cleanupExpired; db/index-plans.test.ts EXPLAINs these very
// statements.
export function cleanupDeletes(db: Db) {
  const { session, cleanup } = authConfig;
  return {
    // Revocation sets expires_at too, so this also takes revoked sessions.
    expiredSessions: db
      .delete(sessions)
      .where(lt(sessions.expiresAt, sql`now()`))
      .returning({ id: sessions.id }),
    idleSessions: db
      .delete(sessions)
      .where(lt(sessions.lastSeenAt, secondsAgo(session.idleTimeoutSeconds)))
      .returning({ id: sessions.id }),
    // Every challenge expires within 15 minutes, consumed or not: expiry alone says it is dead.
    challenges: db
      .delete(signInChallenges)
      .where(lt(signInChallenges.expiresAt, secondsAgo(cleanup.challengeRetentionSeconds)))
      .returning({ id: signInChallenges.id }),
    // A passkey challenge lives five minutes and nothing reads it afterwards.
    passkeyChallenges: db
      .delete(passkeyChallenges)
      .where(lt(passkeyChallenges.expiresAt, sql`now()`))
      .returning({ id: passkeyChallenges.id }),
    rateLimits: db
      .delete(rateLimits)
      .where(lt(rateLimits.windowStart, secondsAgo(cleanup.rateLimitRetentionSeconds)))
      .returning({ key: rateLimits.key }),
    events: db
      .delete(authEvents)
      .where(lt(authEvents.at, secondsAgo(cleanup.eventRetentionSeconds)))
      .returning({ id: authEvents.id }),
  };
}

// Counted by the database (`with deleted as (delete … returning …) select count(*)`): after a
// busy day one delete may take millions of rows, whose ids have no business crossing into the
// app. The CTE's declared column only satisfies Drizzle's typing; count(*) reads none.
async function deletedCount(db: Db, statement: SQLWrapper): Promise<number> {
  const deleted = db.$with("deleted", { id: sql`id` }).as(statement.getSQL());
  const [row] = await db.with(deleted).select({ n: count() }).from(deleted);
  return row?.n ?? 0;
}

// Idempotent, and safe to run from several instances at once.
export async function cleanupExpired(db: Db): Promise<Cleaned> {
  const deletes = cleanupDeletes(db);
  const expired = await deletedCount(db, deletes.expiredSessions);
  const idle = await deletedCount(db, deletes.idleSessions);
  return {
    sessions: expired + idle,
    challenges: (await deletedCount(db, deletes.challenges)) + (await deletedCount(db, deletes.passkeyChallenges)),
    rateLimits: await deletedCount(db, deletes.rateLimits),
    events: await deletedCount(db, deletes.events),
  };
}

let lastCleanup = 0;

// Opportunistic cleanup after a sign-in, at most once per interval per app instance;
// `npm run db:cleanup` from cron does the same for deployments that rarely see sign-ins.
export async function cleanupOccasionally(db: Db): Promise<void> {
  const now = Date.now();
  if (now - lastCleanup < authConfig.cleanup.inAppIntervalSeconds * 1000) return;
  lastCleanup = now;
  try {
    await cleanupExpired(db);
  } catch (error) {
    console.error(`Cleanup failed: ${(error as Error).name}`);
  }
}
