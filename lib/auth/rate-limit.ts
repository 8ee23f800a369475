import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { rateLimits } from "@/db/schema";

export type Limit = { key: string; windowSeconds: number; max: number };
// `recordable`: whether this refusal is still worth an audit event. The first ones in a window
// are; past 2 × max they say nothing new, and an event for each would let one client fill
// auth_events at the rate it can send requests.
export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; recordable: boolean };

// Windows are cut by the database clock, so every app instance agrees on them.
const windowStart = (seconds: number, windowsBack = 0) =>
  sql`to_timestamp((floor(extract(epoch from now()) / ${seconds}) - ${windowsBack}) * ${seconds})`;

// A sliding-window counter: the hits of this fixed window plus the previous window's hits,
// weighted by how much of it the sliding window still covers. Plain fixed windows would let
// 2 × max through in a burst straddling a boundary (max at 9:59, max more at 10:00).
// Counted in Postgres, so the limit holds across app instances and serverless; the upsert both
// counts and reads, so parallel requests cannot slip past the cap.
export async function hitLimit(db: Db | Tx, limit: Limit): Promise<LimitResult> {
  const { key, windowSeconds: w, max } = limit;
  const [current] = await db
    .insert(rateLimits)
    .values({ key, windowStart: windowStart(w), hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    })
    .returning({
      hits: rateLimits.hits,
      elapsed: sql<number>`extract(epoch from now() - ${rateLimits.windowStart})::float8`,
    });
  // An upsert with RETURNING always yields its row; were it ever missing, admitting the request
  // would fail open, so refuse loudly instead.
  if (!current) throw new Error(`Rate limit ${key}: the counter upsert returned no row`);
  const [previous] = await db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart(w, 1))));
  const counts = { previous: previous?.hits ?? 0, current: current.hits, elapsed: Number(current.elapsed) };
  if (estimate(counts, w) <= max) return { ok: true };
  return { ok: false, retryAfterSeconds: secondsUntilAdmitted(counts, w, max), recordable: current.hits <= 2 * max };
}

// A request counted in several networks (limits.ts): admitted only if every one admits it. The
// first refusal stops the count, so a client refused for its own address does not also use up
// the allowance of the wider networks it shares with others.
export async function hitLimits(db: Db | Tx, limits: Limit[]): Promise<LimitResult> {
  for (const limit of limits) {
    const result = await hitLimit(db, limit);
    if (!result.ok) return result;
  }
  return { ok: true };
}

type Counts = { previous: number; current: number; elapsed: number };

function estimate({ previous, current, elapsed }: Counts, w: number): number {
  return previous * Math.max(0, (w - elapsed) / w) + current;
}

// When one more request would be admitted if nothing else arrives: "Try again in N minutes"
// must be true, or people retry into another refusal.
export function secondsUntilAdmitted({ previous, current, elapsed }: Counts, w: number, max: number): number {
  const next = current + 1;
  const leftInWindow = Math.max(0, w - elapsed);
  // Still in this window: wait until the previous window's weight has shrunk enough.
  if (next <= max && previous > 0) {
    const wait = leftInWindow - (w * (max - next)) / previous;
    return Math.max(1, Math.ceil(wait));
  }
  // Next window: this window's hits become the weighted previous ones.
  return Math.max(1, Math.ceil(leftInWindow + w * Math.max(0, 1 - (max - 1) / current)));
}
