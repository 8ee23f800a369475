import { lt, sql } from "drizzle-orm";
import { authConfig } from "../lib/auth/config";
import { databaseTarget, readEnv } from "../lib/env-schema";
import { connect, type Db } from "./client";
import { rateLimits, sessions, signInChallenges } from "./schema";

export type Cleaned = { sessions: number; challenges: number; rateLimits: number };

const hoursAgo = (hours: number) => sql`now() - make_interval(hours => ${hours})`;

// Deletes what can never be used again. Idempotent, and safe to run from several instances at
// once. Each statement walks one index (see db/schema.ts), so it stays cheap as tables grow.
// No server-only import: `npm run db:cleanup` runs it outside Next.
export async function cleanupExpired(db: Db): Promise<Cleaned> {
  const { session, cleanup } = authConfig;
  const expired = await db
    .delete(sessions)
    // Revocation sets expires_at too, so this also takes revoked sessions.
    .where(lt(sessions.expiresAt, sql`now()`))
    .returning({ id: sessions.id });
  const idle = await db
    .delete(sessions)
    .where(lt(sessions.lastSeenAt, sql`now() - make_interval(days => ${session.idleTimeoutDays})`))
    .returning({ id: sessions.id });
  // Every challenge expires within 15 minutes, consumed or not: expiry alone says it is dead.
  const challenges = await db
    .delete(signInChallenges)
    .where(lt(signInChallenges.expiresAt, hoursAgo(cleanup.challengeRetentionHours)))
    .returning({ id: signInChallenges.id });
  const windows = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, hoursAgo(cleanup.rateLimitRetentionHours)))
    .returning({ key: rateLimits.key });
  return {
    sessions: expired.length + idle.length,
    challenges: challenges.length,
    rateLimits: windows.length,
  };
}

async function main() {
  const handle = connect(databaseTarget(readEnv()), { max: 1 });
  try {
    const cleaned = await cleanupExpired(handle.db);
    console.log(
      `Deleted ${cleaned.sessions} sessions, ${cleaned.challenges} challenges, ${cleaned.rateLimits} rate-limit windows`,
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
  void main();
}
