import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { inviteUser } from "./account";
import { authEvents, rateLimits, sessions, signInChallenges } from "@/db/schema";
import { brand } from "@/lib/brand";
import { challengeRow, freshEmail, freshIp, issue, meta, usersWithEmail, wrongCode, testDevice } from "@/lib/test/auth";
import { withResendStandIn } from "@/lib/test/stand-in";
import { secondsUntilNextSend } from "./challenge";
import { authConfig } from "./config";
import { sendNewSignInAlert } from "./device";
import { redeemLink, redeemCode } from "./redeem";
import { requestSignIn, ResponsePadding } from "./sign-in";

// Invite-only mode through the real send path: the Resend SDK against the local stand-in.
// The mode is passed in (as the app passes env().signUp); the default stays "open".
const standIn = withResendStandIn();

const inviteOnly = { signUp: "invite-only" } as const;
const ask = (email: string, options: { padding?: ResponsePadding | null } = { padding: null }) =>
  requestSignIn({ email, nextPath: "/account", ip: freshIp(), deviceId: testDevice }, { ...options, ...inviteOnly });

async function invite(email: string): Promise<string> {
  const result = await inviteUser(db(), email);
  if (!result.ok) throw new Error(result.message);
  return result.userId;
}

function secretsIn(text: string) {
  const token = /\/verify\?token=([A-Za-z0-9_-]{43})$/m.exec(text)?.[1];
  const code = /^\s*(\d{6})\s*$/m.exec(text)?.[1];
  if (!token || !code) throw new Error(`no link or code in:\n${text}`);
  return { token, code };
}

const sameShape = (result: Awaited<ReturnType<typeof ask>>) =>
  result.status === "sent" ? { ...result, challengeId: expect.any(String) } : result;

describe("invite-only: an address with no account", () => {
  it("is emailed that no account exists, through the real send path, with no link and no code", async () => {
    const email = freshEmail();
    const result = await ask(email);
    expect(result).toEqual({ status: "sent", challengeId: expect.any(String) });
    const [message, ...more] = await standIn.messages(email);
    expect(more).toHaveLength(0);
    expect(message).toMatchObject({ subject: `No ${brand.name} account for this address`, to: [email] });
    if (result.status === "sent") expect(message!.idempotencyKey).toBe(result.challengeId);
    expect(message!.text).toContain(`asked to sign in to ${brand.name} as ${email}`);
    // The random address itself may hold six digits in a row; #111827 is a colour.
    for (const part of [message!.html, message!.text].map((p) => p.replaceAll(email, ""))) {
      expect(part).not.toContain("/verify");
      expect(part).not.toMatch(/(?<![\d#])\d{6}(?!\d)/);
    }
    expect(message!.html).not.toMatch(/<a\s/i);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it("gets a challenge that holds no secret: no link can match it and every code is wrong", async () => {
    const email = freshEmail();
    const result = await ask(email);
    if (result.status !== "sent") throw new Error(result.status);
    const row = await challengeRow(result.challengeId);
    // Live, like a member's, but a SHA-256 is 64 hex digits and there is no code hash.
    expect(row).toMatchObject({ endedAt: null, codeHash: null, tokenHash: `no-account:${row.id}` });
    expect(row.tokenHash).not.toMatch(/^[0-9a-f]{64}$/);
    // Even once sign-up is open again, no code redeems it.
    for (const code of ["000000", "123456", "999999"]) {
      expect(await redeemCode(result.challengeId, code, meta, { signUp: "open" })).toMatchObject({ reason: "wrong" });
    }
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it("is recorded as a no_account event, masked", async () => {
    const email = freshEmail();
    const result = await ask(email);
    if (result.status !== "sent") throw new Error(result.status);
    const events = await db().select().from(authEvents).where(eq(authEvents.challengeId, result.challengeId));
    expect(events.map((e) => [e.type, e.detail]).sort()).toEqual([
      ["no_account", "emailed"],
      ["requested", null],
    ]);
    expect(events.every((e) => e.emailMasked === `u•••@example.com`)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(email);
  });
});

describe("invite-only: a member and a non-member look the same", () => {
  it("same answer, same minimum time, and both emailed once", async () => {
    const member = freshEmail();
    await invite(member);
    const outsider = freshEmail();
    const padding = new ResponsePadding(300);
    const timed = async (email: string) => {
      const started = performance.now();
      const result = await ask(email, { padding });
      return { result, ms: performance.now() - started };
    };
    const [a, b] = [await timed(member), await timed(outsider)];
    expect(sameShape(a.result)).toEqual(sameShape(b.result));
    for (const { ms } of [a, b]) expect(ms).toBeGreaterThanOrEqual(298);
    expect((await standIn.messages(member)).map((m) => m.subject)).toEqual([`Sign in to ${brand.name}`]);
    expect((await standIn.messages(outsider)).map((m) => m.subject)).toEqual([
      `No ${brand.name} account for this address`,
    ]);
  });

  it("the per-email cooldown, the resend countdown and the code form answer alike", async () => {
    const member = freshEmail();
    await invite(member);
    const outsider = freshEmail();
    const first = { member: await ask(member), outsider: await ask(outsider) };
    const again = { member: await ask(member), outsider: await ask(outsider) };
    expect(again.member).toMatchObject({ status: "throttled", limit: "email" });
    expect(sameShape(again.outsider)).toEqual(sameShape(again.member));
    const wait = [
      await secondsUntilNextSend(db(), member, testDevice),
      await secondsUntilNextSend(db(), outsider, testDevice),
    ];
    expect(wait[0]).toBeGreaterThan(50);
    expect(Math.abs(wait[0]! - wait[1]!)).toBeLessThanOrEqual(1);

    if (first.member.status !== "sent" || first.outsider.status !== "sent") throw new Error("not sent");
    const { code } = secretsIn((await standIn.messages(member))[0]!.text);
    const answers = { member: [] as unknown[], outsider: [] as unknown[] };
    for (let i = 0; i < authConfig.maxCodeAttempts + 1; i++) {
      answers.member.push(await redeemCode(first.member.challengeId, wrongCode(code), meta, inviteOnly));
      answers.outsider.push(await redeemCode(first.outsider.challengeId, wrongCode(code), meta, inviteOnly));
    }
    expect(answers.outsider).toEqual(answers.member);
    expect(answers.member[0]).toEqual({ ok: false, reason: "wrong", attemptsLeft: authConfig.maxCodeAttempts - 1 });
    expect(answers.member.at(-1)).toEqual({ ok: false, reason: "burned" });
  });

  it("a no-account email counts against the global send cap like a sign-in email", async () => {
    const globalHits = async () => {
      const [row] = await db()
        .select({ hits: sql<number>`coalesce(sum(${rateLimits.hits}), 0)::int` })
        .from(rateLimits)
        .where(eq(rateLimits.key, "sends:global"));
      return row!.hits;
    };
    const before = await globalHits();
    await ask(freshEmail());
    expect(await globalHits()).toBe(before + 1);
  });
});

describe("invite-only: members sign in; nobody else becomes one", () => {
  it("an invited address signs in with the emailed link, as the invited user, with no new-device alert", async () => {
    const email = freshEmail();
    const userId = await invite(email);
    const result = await ask(email);
    expect(result.status).toBe("sent");
    const { token } = secretsIn((await standIn.messages(email))[0]!.text);
    const signedIn = await redeemLink(token, meta, inviteOnly);
    expect(signedIn).toMatchObject({ ok: true, userId, email, newUser: true, newDevice: true });
    if (!signedIn.ok) throw new Error(signedIn.reason);
    // Its first sign-in: nothing to alert about (the account has never been used).
    expect(await sendNewSignInAlert(signedIn, meta)).toBe("skipped");
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it("an invited address signs in with the emailed code", async () => {
    const email = freshEmail();
    const userId = await invite(email);
    const result = await ask(email);
    if (result.status !== "sent") throw new Error(result.status);
    const { code } = secretsIn((await standIn.messages(email))[0]!.text);
    expect(await redeemCode(result.challengeId, code, meta, inviteOnly)).toMatchObject({ ok: true, userId });
  });

  it("redeeming a link for an address with no account creates no user and no session", async () => {
    // Issued while sign-up was open, redeemed after the switch to invite-only.
    const email = freshEmail();
    const challenge = await issue(email);
    const sessionCount = async () =>
      (
        await db()
          .select({ n: sql<number>`count(*)::int` })
          .from(sessions)
      )[0]!.n;
    const before = await sessionCount();
    expect(await redeemLink(challenge.token, meta, inviteOnly)).toMatchObject({ ok: false, reason: "no_account" });
    expect(await usersWithEmail(email)).toHaveLength(0);
    expect(await sessionCount()).toBe(before);
    expect(await challengeRow(challenge.id)).toMatchObject({ endReason: "no_account", endedAt: expect.any(Date) });
    // Used up: a second click (or one after sign-up opens again) signs nobody in either.
    expect(await redeemLink(challenge.token, meta)).toMatchObject({ ok: false, reason: "no_account" });
    expect(await usersWithEmail(email)).toHaveLength(0);
    const events = await db().select().from(authEvents).where(eq(authEvents.challengeId, challenge.id));
    expect(events.filter((e) => e.type === "no_account")).toEqual([
      expect.objectContaining({ detail: "refused at redemption", userId: null }),
    ]);
  });

  it("redeeming a code for an address with no account creates no user", async () => {
    const email = freshEmail();
    const challenge = await issue(email);
    expect(await redeemCode(challenge.id, challenge.code, meta, inviteOnly)).toEqual({
      ok: false,
      reason: "no_account",
    });
    expect(await usersWithEmail(email)).toHaveLength(0);
    const rows = await db().select().from(signInChallenges).where(eq(signInChallenges.email, email));
    expect(rows).toMatchObject([{ endReason: "no_account" }]);
  });
});
