import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ageChallenges, freshEmail, issue, meta } from "@/lib/test/auth";
import { redeemLink } from "./redeem";
import { findActiveSession, signOutSessions } from "./session";
import { sha256 } from "./tokens";

// "Sign out everywhere" against a redemption committing in the middle of it (issue 18 §5). Needs
// two connections at once, so Postgres only: PGlite runs one transaction at a time, where the
// two cannot interleave. `direct` parks the redemption between its claim and its commit by
// holding a lock on auth_events, whose insert is its last step.
// Checked to fail on main, which revoked sessions before cancelling challenges: the redemption's
// session, committed in between, stayed live.
let direct: postgres.Sql;
beforeAll(() => {
  direct = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
});
afterAll(() => direct.end());

const waitingOnLocks = async () =>
  Number(
    (
      await direct`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`
    )[0]!.n,
  );

it("a redemption that claimed its link before 'sign out everywhere' does not keep its session", async () => {
  const email = freshEmail();
  const first = await redeemLink((await issue(email)).token, meta);
  if (!first.ok) throw new Error(`sign-in failed: ${first.reason}`);
  await ageChallenges(email);
  const attacker = await issue(email);
  const actor = { id: sha256(first.sid), userId: first.userId, email };

  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holder = direct.begin(async (tx) => {
    await tx`lock table auth_events in share mode`;
    await released;
  });
  await expect
    .poll(
      async () =>
        (await direct`select count(*)::int as n from pg_locks where mode = 'ShareLock' and locktype = 'relation'`)[0]!
          .n,
    )
    .toBeGreaterThan(0);

  // The redemption claims the challenge and starts its session, then waits on auth_events.
  const redemption = redeemLink(attacker.token, meta);
  await expect.poll(waitingOnLocks).toBe(1);
  // The owner signs out everywhere meanwhile; it waits too (on the claimed challenge row).
  const signOut = signOutSessions(actor, { kind: "everywhere" }, "203.0.113.7");
  await expect.poll(waitingOnLocks).toBe(2);
  release();
  await holder;

  const redeemed = await redemption;
  if (!redeemed.ok) throw new Error(`redemption failed: ${redeemed.reason}`);
  expect(await signOut).toBe(2);
  expect(await findActiveSession(first.sid, first.userId)).toBeNull();
  expect(await findActiveSession(redeemed.sid, redeemed.userId)).toBeNull();
});
