import { and, eq, sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents, signInChallenges } from "@/db/schema";
import {
  ageChallenges,
  challengeRow,
  freshEmail,
  issue,
  meta,
  sessionsOfEmail,
  tally,
  usersWithEmail,
  wrongCode,
} from "@/lib/test/auth";
import { redeemLink, redeemCode } from "./redeem";

// How these were checked to fail (each rule removed from redeem.ts in turn, then
// restored): without `code_attempts < 5` in the reserving UPDATE, more than 5 of the 200
// guesses are evaluated; without the per-email budget check, both budget tests sign in;
// without the per-email lock around the budget check and the reservation, the 5 parallel
// guesses at 19 failures are all compared on Postgres (24 failures);
// counting failures since midnight instead of over a sliding 24 h fails both budget tests
// (checked at 07:50 UTC: the aged challenges then fall before midnight);
// claiming the challenge without `ended_at IS NULL` gives the 20 right-code submissions
// several sessions.

// Wrong codes are counted on the challenges (attempts less the right guess).
const failuresRecorded = async (email: string) => {
  const rows = await db()
    .select({ attempts: signInChallenges.codeAttempts })
    .from(signInChallenges)
    .where(eq(signInChallenges.email, email));
  return rows.reduce((sum, r) => sum + r.attempts, 0);
};

// `count` wrong codes for `email`, five to a challenge (five burn it), each challenge then aged
// by `age` so that the next one can be issued. Returns the challenges' ids.
async function spendWrongCodes(email: string, count: number, age?: SQL): Promise<string[]> {
  const ids: string[] = [];
  for (let left = count; left > 0; left -= 5) {
    const c = await issue(email);
    for (let j = 0; j < Math.min(5, left); j++) await redeemCode(c.id, wrongCode(c.code), meta);
    await ageChallenges(email, age);
    ids.push(c.id);
  }
  return ids;
}

describe("redeemCode under parallel requests", () => {
  it("evaluates at most 5 of 200 parallel wrong guesses, then the challenge is burned", async () => {
    const email = freshEmail();
    const { id, code, token } = await issue(email);
    const guesses = Array.from({ length: 200 }, (_, i) => String((Number(code) + 1 + i) % 1e6).padStart(6, "0"));
    const results = await Promise.all(guesses.map((g) => redeemCode(id, g, meta)));
    expect(tally(results.map((r) => (r.ok ? "ok" : r.reason)))).toEqual({ wrong: 4, burned: 196 });
    const row = await challengeRow(id);
    expect(row.codeAttempts).toBe(5);
    expect(row.endReason).toBe("burned");
    expect(await failuresRecorded(email)).toBe(5);
    const failedEvents = await db()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.challengeId, id), eq(authEvents.type, "code_failed")));
    expect(tally(failedEvents.map((e) => e.detail ?? ""))).toEqual({ wrong: 5, burned: 195 });
    expect(await redeemCode(id, code, meta)).toEqual({ ok: false, reason: "burned" });
    expect(await redeemLink(token, meta)).toMatchObject({ ok: false, reason: "burned" });
  });

  it("gives 20 parallel right-code submissions exactly one session", async () => {
    const email = freshEmail();
    const { id, code } = await issue(email);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemCode(id, code, meta)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await sessionsOfEmail(email)).toHaveLength(1);
    expect(await usersWithEmail(email)).toHaveLength(1);
    expect(await failuresRecorded(email)).toBe(0);
  });

  it("lets only one of link and code win when both race", async () => {
    for (let i = 0; i < 10; i++) {
      const email = freshEmail();
      const { id, code, token } = await issue(email);
      const results = await Promise.all([redeemLink(token, meta), redeemCode(id, code, meta)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await sessionsOfEmail(email)).toHaveLength(1);
    }
  });
});

describe("redeemCode: per-email failure budget", () => {
  it("refuses even the right code after 20 failures across resends; the link still works", async () => {
    const email = freshEmail();
    const spent = await spendWrongCodes(email, 19);
    for (const id of spent.slice(0, 3)) expect((await challengeRow(id)).endReason).toBe("burned");
    expect(await failuresRecorded(email)).toBe(19);

    // A resend gives a fresh challenge with 5 attempts, but only one failure is left today.
    const last = await issue(email);
    expect(await redeemCode(last.id, wrongCode(last.code), meta)).toEqual({
      ok: false,
      reason: "wrong",
      attemptsLeft: 4,
    });
    expect(await redeemCode(last.id, last.code, meta)).toMatchObject({
      ok: false,
      reason: "throttled",
      limit: "code-email",
    });
    expect(await redeemCode(last.id, wrongCode(last.code), meta)).toMatchObject({
      ok: false,
      reason: "throttled",
      limit: "code-email",
    });
    expect((await challengeRow(last.id)).codeAttempts).toBe(1);
    expect(await failuresRecorded(email)).toBe(20);
    expect(await usersWithEmail(email)).toHaveLength(0);

    expect(await redeemLink(last.token, meta)).toMatchObject({ ok: true, newUser: true });
  });

  it("holds under parallel guesses: at 19 failures, 5 at once get one compared", async () => {
    const email = freshEmail();
    await spendWrongCodes(email, 19);
    const last = await issue(email);
    // The challenge's row is held while the 5 start, so on Postgres all of them read the total
    // before any reserves (PGlite runs one transaction at a time; there the statements interleave).
    let guesses: ReturnType<typeof redeemCode>[] = [];
    await db().transaction(async (tx) => {
      await tx.execute(sql`select 1 from sign_in_challenges where id = ${last.id} for update`);
      guesses = Array.from({ length: 5 }, () => redeemCode(last.id, wrongCode(last.code), meta));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const results = await Promise.all(guesses);
    expect(tally(results.map((r) => (r.ok ? "ok" : r.reason)))).toEqual({ wrong: 1, throttled: 4 });
    expect(await failuresRecorded(email)).toBe(20);
    const refusals = await db()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.challengeId, last.id), eq(authEvents.type, "throttled")));
    expect(refusals.map((e) => e.detail)).toEqual(Array(4).fill("code-per-email"));
  });

  it("slides: 20 failures still count 23 h 50 min later, and stop counting after 24 h", async () => {
    const email = freshEmail();
    await spendWrongCodes(email, 20, sql`interval '61 seconds'`);
    // A fixed daily window may have reset at midnight in between; this one has not.
    await ageChallenges(email, sql`interval '23 hours 50 minutes'`);
    const blocked = await issue(email);
    expect(await redeemCode(blocked.id, blocked.code, meta)).toMatchObject({
      ok: false,
      reason: "throttled",
      limit: "code-email",
    });
    await ageChallenges(email, sql`interval '11 minutes'`);
    const fresh = await issue(email);
    expect(await redeemCode(fresh.id, fresh.code, meta)).toMatchObject({ ok: true });
  });

  it("keeps budgets per email", async () => {
    const spent = freshEmail();
    await spendWrongCodes(spent, 20);
    expect(await failuresRecorded(spent)).toBe(20);
    const other = await issue(freshEmail());
    expect(await redeemCode(other.id, other.code, meta)).toMatchObject({ ok: true });
  });
});
