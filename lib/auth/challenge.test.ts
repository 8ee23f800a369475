import { createHash } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents, signInChallenges } from "@/db/schema";
import { ageChallenges, challengeRow, freshEmail, issue, meta, usersWithEmail, testDevice } from "@/lib/test/auth";
import { endChallengeAfterSendFailure, issueChallenge, readLink } from "./challenge";
import { redeemLink, redeemCode } from "./redeem";
import { hashCode, newCode, sha256 } from "./tokens";

const challengesOf = async (email: string) =>
  (await db().select({ n: count() }).from(signInChallenges).where(eq(signInChallenges.email, email)))[0]!.n;

describe("issueChallenge: secrets", () => {
  it("returns a 43-char base64url token and a 6-digit code, storing only their hashes", async () => {
    const email = freshEmail();
    const { id, token, code } = await issue(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(code).toMatch(/^\d{6}$/);
    const row = await challengeRow(id);
    expect(row.tokenHash).toBe(sha256(token));
    expect(row.codeHash).toBe(hashCode(id, code));
    // Keyed, not a bare hash a database reader could reverse by trying 10⁶ codes.
    const bare = (s: string) => createHash("sha256").update(s).digest("base64url");
    expect([bare(code), bare(`${id}:${code}`)]).not.toContain(row.codeHash);
    // Every column of the row, as Postgres itself renders it.
    const [raw] = await db()
      .select({ text: sql<string>`row_to_json(${signInChallenges})::text` })
      .from(signInChallenges)
      .where(eq(signInChallenges.id, id));
    expect(raw!.text).toContain(id);
    expect(raw!.text).not.toContain(token);
    expect(raw!.text).not.toContain(code);
    const events = JSON.stringify(await db().select().from(authEvents));
    expect(events).not.toContain(token);
    expect(events).not.toContain(code);
  });

  // The security defaults (link ≤ 15 min, code ≤ 10 min: the README's Security model), measured
  // on the database clock, so a change to the config or to how expiry is computed fails here.
  it("gives a new challenge's link 900 s and its code 600 s, by the database clock", async () => {
    const { id } = await issue(freshEmail());
    const [row] = await db()
      .select({
        link: sql<number>`extract(epoch from ${signInChallenges.expiresAt} - ${signInChallenges.createdAt})::float8`,
        code: sql<number>`extract(epoch from ${signInChallenges.codeExpiresAt} - ${signInChallenges.createdAt})::float8`,
      })
      .from(signInChallenges)
      .where(eq(signInChallenges.id, id));
    expect(row).toEqual({ link: 900, code: 600 });
  });

  it("draws codes with leading zeros", () => {
    const codes = Array.from({ length: 200 }, () => newCode());
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("creates no user at request time", async () => {
    const email = freshEmail();
    await issue(email);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });
});

describe("issueChallenge: one live challenge per email", () => {
  it("supersedes the older live challenge", async () => {
    const email = freshEmail();
    const old = await issue(email);
    await ageChallenges(email);
    const current = await issue(email);
    expect(await readLink(old.token)).toMatchObject({ status: "superseded" });
    expect(await redeemLink(old.token, meta)).toMatchObject({ ok: false, reason: "superseded" });
    expect(await redeemCode(old.id, old.code, meta)).toEqual({ ok: false, reason: "superseded" });
    expect(await readLink(current.token)).toMatchObject({ status: "live", id: current.id, email });
  });

  it("refuses a second send within the 60 s cooldown", async () => {
    const email = freshEmail();
    const first = await issue(email);
    const second = await issueChallenge({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    expect(second).toMatchObject({ ok: false, reason: "throttled" });
    const wait = second.ok ? 0 : second.retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    // The throttled request left the first challenge alone.
    expect(await readLink(first.token)).toMatchObject({ status: "live" });
    expect(await challengesOf(email)).toBe(1);
  });

  it("caps sends at 5 per hour, until the oldest is an hour old", async () => {
    const email = freshEmail();
    for (let i = 0; i < 5; i++) {
      await issue(email);
      await ageChallenges(email, sql`interval '61 seconds'`);
    }
    const sixth = await issueChallenge({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    expect(sixth).toMatchObject({ ok: false, reason: "throttled" });
    const wait = sixth.ok ? 0 : sixth.retryAfterSeconds;
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThanOrEqual(3600);
    // Oldest is 305 s old; 3300 s more puts it past the hour, the rest stay inside it.
    await ageChallenges(email, sql`interval '3300 seconds'`);
    expect((await issueChallenge({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice })).ok).toBe(true);
  });

  it("lets exactly one of 1000 parallel requests for one email through", async () => {
    const email = freshEmail();
    const results = await Promise.all(
      Array.from({ length: 1000 }, () =>
        issueChallenge({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await challengesOf(email)).toBe(1);
  });
});

describe("endChallengeAfterSendFailure", () => {
  it("leaves neither the link nor the code usable", async () => {
    const email = freshEmail();
    const { id, token, code } = await issue(email);
    await endChallengeAfterSendFailure(id, "timeout");
    expect((await challengeRow(id)).endReason).toBe("send_failed");
    expect(await readLink(token)).toMatchObject({ status: expect.not.stringMatching(/^live$/) });
    expect(await redeemLink(token, meta)).toMatchObject({ ok: false });
    expect(await redeemCode(id, code, meta)).toMatchObject({ ok: false });
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it("gives back the link and code it superseded, whose email was delivered", async () => {
    const email = freshEmail();
    const delivered = await issue(email);
    const untouched = await issue(freshEmail());
    await ageChallenges(email);
    const failed = await issue(email);
    expect((await challengeRow(delivered.id)).endReason).toBe("superseded");
    await endChallengeAfterSendFailure(failed.id, "timeout");
    expect(await challengeRow(delivered.id)).toMatchObject({ endedAt: null, endReason: null });
    expect(await challengeRow(untouched.id)).toMatchObject({ endedAt: null });
    expect(await redeemCode(delivered.id, delivered.code, meta)).toMatchObject({ ok: true });
  });

  it("gives back only what this challenge superseded, and only while it is the newest", async () => {
    const email = freshEmail();
    const older = await issue(email);
    await ageChallenges(email);
    const delivered = await issue(email);
    await ageChallenges(email);
    const failed = await issue(email);
    await endChallengeAfterSendFailure(failed.id, "timeout");
    expect((await challengeRow(older.id)).endReason).toBe("superseded");
    expect((await challengeRow(delivered.id)).endedAt).toBeNull();

    // Already superseded by a newer request when its send failed: nothing comes back.
    await ageChallenges(email);
    const slow = await issue(email);
    await ageChallenges(email);
    const newest = await issue(email);
    await endChallengeAfterSendFailure(slow.id, "timeout");
    expect((await challengeRow(delivered.id)).endReason).toBe("superseded");
    expect((await challengeRow(slow.id)).endReason).toBe("superseded");
    expect((await challengeRow(newest.id)).endedAt).toBeNull();
  });
});
