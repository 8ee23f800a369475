import { expect, it } from "vitest";
import { openPostgres } from "./client";

// Runs in the postgres project and, through PgBouncer in transaction mode, in the pgbouncer one
// (vitest.config.ts), where DATABASE_URL carries ?prepare=false.
it("answers every query queued behind a failing one, through a transaction-mode pooler too", async () => {
  // One connection, so the queries queue on it. Pipelined, PgBouncer 1.18 hands the server
  // on after the error's ReadyForQuery and drops the answers to what followed: the queries after
  // the error never settled (checked: with max_pipeline left at postgres.js's 100, this times out).
  const pool = openPostgres(process.env.DATABASE_URL!, 1);
  try {
    // Connected first: queries sent while it connects wait and go out one by one.
    await pool.sql`select 1`;
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all([
        pool.sql`select 1 / ${0}::int as fails`.then(
          () => "answered",
          () => "failed",
        ),
        pool.sql`select ${1}::int as one`.then(([row]) => row!.one),
        pool.sql`select ${2}::int as two`.then(([row]) => row!.two),
        pool.sql`select 3 as three`.then(([row]) => row!.three),
        pool.sql`select ${4}::int as four`.then(([row]) => row!.four),
      ]);
      expect(answers).toEqual(["failed", 1, 2, 3, 4]);
    }
  } finally {
    await pool.end();
  }
}, 10_000);
