import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { rateLimits } from "@/db/schema";

export type Limit = { key: string; windowSeconds: number; max: number };
export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

// Windows are cut by the database clock, so every app instance agrees on them.
const currentWindow = (seconds: number) =>
  sql`to_timestamp(floor(extract(epoch from now()) / ${seconds}) * ${seconds})`;
const secondsLeft = (seconds: number) =>
  sql<number>`ceil(extract(epoch from (${rateLimits.windowStart} + make_interval(secs => ${seconds}) - now())))::int`;

// Fixed windows counted in Postgres, so the limit holds across app instances and serverless.
// One upsert both counts and reads, so parallel requests cannot slip past the cap.
export async function hitLimit(db: Db | Tx, limit: Limit): Promise<LimitResult> {
  const [row] = await db
    .insert(rateLimits)
    .values({ key: limit.key, windowStart: currentWindow(limit.windowSeconds), hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    })
    .returning({ hits: rateLimits.hits, retryAfter: secondsLeft(limit.windowSeconds) });
  if (!row || row.hits <= limit.max) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, row.retryAfter) };
}

// Reads a counter without adding to it (e.g. "has this email used its daily code failures?").
export async function peekLimit(db: Db | Tx, limit: Limit): Promise<LimitResult> {
  const [row] = await db
    .select({ hits: rateLimits.hits, retryAfter: secondsLeft(limit.windowSeconds) })
    .from(rateLimits)
    .where(
      and(
        eq(rateLimits.key, limit.key),
        eq(rateLimits.windowStart, currentWindow(limit.windowSeconds)),
      ),
    );
  if (!row || row.hits < limit.max) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, row.retryAfter) };
}
