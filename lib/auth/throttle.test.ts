import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { rateLimits } from "@/db/schema";
import { hitLimit, secondsUntilAdmitted, type Limit } from "./throttle";

const limit = (max: number): Limit => ({ key: `test:${randomUUID()}`, windowSeconds: 600, max });

// Puts `hits` into the window before the current one, as if they came in just before the boundary.
const fillPreviousWindow = (key: string, hits: number) =>
  db()
    .insert(rateLimits)
    .values({ key, windowStart: sql`to_timestamp((floor(extract(epoch from now()) / 600) - 1) * 600)`, hits });

describe("hitLimit (sliding window)", () => {
  it("admits max hits and refuses the next, with a retry time", async () => {
    const l = limit(10);
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await hitLimit(db(), l));
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
    const last = results[10]!;
    if (last.ok) throw new Error("the 11th hit was admitted");
    // Nothing in the previous window: one more is admitted only once this window's 11 hits
    // weigh less than 9, i.e. within the next window.
    expect(last.retryAfterSeconds).toBeGreaterThan(0);
    expect(last.retryAfterSeconds).toBeLessThanOrEqual(1200);
  });

  it("counts the previous window, so a burst straddling the boundary gets no second allowance", async () => {
    // Fixed windows would admit this hit: the current window is empty. The previous window's
    // hits weigh (600 − elapsed) / 600 of their count; so many that only the last
    // millisecond of the window would let one through.
    const l = limit(10);
    await fillPreviousWindow(l.key, 10_000_000);
    const result = await hitLimit(db(), l);
    expect(result.ok).toBe(false);
  });

  it("parallel hits cannot slip past the cap", async () => {
    const l = limit(5);
    const results = await Promise.all(Array.from({ length: 20 }, () => hitLimit(db(), l)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });
});

describe("secondsUntilAdmitted", () => {
  const w = 600;
  const estimate = (previous: number, current: number, elapsed: number) =>
    previous * Math.max(0, (w - elapsed) / w) + current;

  it("waits for the previous window to weigh less, when this one has room", () => {
    // 10 last window, 1 now, 60 s in: 9 + 1 = 10 ≤ 10 admitted; the 2nd is refused (10.999…).
    const wait = secondsUntilAdmitted({ previous: 10, current: 2, elapsed: 60 }, w, 10);
    // 10 × (600 − 60 − 120) / 600 + 3 = 10: admitted exactly 120 s on.
    expect(wait).toBe(120);
    expect(estimate(10, 3, 60 + wait)).toBeLessThanOrEqual(10);
    expect(estimate(10, 3, 60 + wait - 1)).toBeGreaterThan(10);
  });

  it("waits into the next window, when this one is full", () => {
    // 11 hits now (10 admitted, 1 refused), 30 s in: the next window must weigh 11 down to 9.
    const wait = secondsUntilAdmitted({ previous: 0, current: 11, elapsed: 30 }, w, 10);
    const intoNext = wait - (w - 30);
    expect(estimate(11, 1, intoNext)).toBeLessThanOrEqual(10);
    expect(estimate(11, 1, intoNext - 1)).toBeGreaterThan(10);
    expect(wait).toBeLessThanOrEqual(2 * w);
  });

  it("never says zero", () => {
    expect(secondsUntilAdmitted({ previous: 10, current: 1, elapsed: 599.9 }, w, 10)).toBe(1);
  });
});
