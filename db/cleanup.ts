import { count, lt, sql, type SQLWrapper } from "drizzle-orm";
import { authConfig } from "../lib/auth/config";
import { databaseTarget, readEnv } from "../lib/env-schema";
import { loadEnvFiles } from "../lib/env-files";
import { connect, type Db } from "./client";
import { authEvents, rateLimits, sessions, signInChallenges } from "./schema";

export type Cleaned = { sessions: number; challenges: number; rateLimits: number; events: number };

const hoursAgo = (hours: number) => sql`now() - make_interval(hours => ${hours})`;
const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

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
      .where(lt(sessions.lastSeenAt, daysAgo(session.idleTimeoutDays)))
      .returning({ id: sessions.id }),
    // Every challenge expires within 15 minutes, consumed or not: expiry alone says it is dead.
    challenges: db
      .delete(signInChallenges)
      .where(lt(signInChallenges.expiresAt, hoursAgo(cleanup.challengeRetentionHours)))
      .returning({ id: signInChallenges.id }),
    rateLimits: db
      .delete(rateLimits)
      .where(lt(rateLimits.windowStart, hoursAgo(cleanup.rateLimitRetentionHours)))
      .returning({ key: rateLimits.key }),
    events: db
      .delete(authEvents)
      .where(lt(authEvents.at, daysAgo(cleanup.eventRetentionDays)))
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
// No server-only import: `npm run db:cleanup` runs it outside Next.
export async function cleanupExpired(db: Db): Promise<Cleaned> {
  const deletes = cleanupDeletes(db);
  const expired = await deletedCount(db, deletes.expiredSessions);
  const idle = await deletedCount(db, deletes.idleSessions);
  return {
    sessions: expired + idle,
    challenges: await deletedCount(db, deletes.challenges),
    rateLimits: await deletedCount(db, deletes.rateLimits),
    events: await deletedCount(db, deletes.events),
  };
}

async function main() {
  const handle = connect(databaseTarget(readEnv()), { max: 1 });
  try {
    const cleaned = await cleanupExpired(handle.db);
    console.log(
      `Deleted ${cleaned.sessions} sessions, ${cleaned.challenges} challenges, ${cleaned.rateLimits} rate-limit windows, ${cleaned.events} auth events`,
    );
  } catch (error) {
    const cause = (error as { cause?: Error }).cause ?? (error as Error);
    console.error(`Cleanup failed: ${cause.message}`);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

if (process.argv[1]?.endsWith("cleanup.ts")) {
  loadEnvFiles();
  void main();
}
