import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import {
  challengeRow,
  freshEmail,
  freshIp,
  issue,
  meta,
  sessionsOfEmail,
  setChallenge,
  usersWithEmail,
  wrongCode,
} from "@/lib/test/auth";
import { redeemLink, redeemCode } from "./redeem";

describe("redeemCode", () => {
  it("signs in with the right code, creating the user, and refuses it a second time", async () => {
    const email = freshEmail();
    const { id, code, token } = await issue(email, "/account?from=code");
    expect(await usersWithEmail(email)).toHaveLength(0);
    const result = await redeemCode(id, code, meta);
    expect(result).toMatchObject({ ok: true, newUser: true, nextPath: "/account?from=code" });
    const [user] = await usersWithEmail(email);
    expect(result.ok && result.userId).toBe(user?.id);
    expect(await sessionsOfEmail(email)).toHaveLength(1);

    expect(await redeemCode(id, code, meta)).toEqual({ ok: false, reason: "used", rightCode: true });
    expect(await redeemCode(id, wrongCode(code), meta)).toEqual({ ok: false, reason: "used", rightCode: false });
    expect(await redeemLink(token, meta)).toMatchObject({ ok: false, reason: "used" });
    expect(await sessionsOfEmail(email)).toHaveLength(1);
  });

  it("counts down wrong guesses, then burns the challenge: code and link both dead", async () => {
    const email = freshEmail();
    const { id, code, token } = await issue(email);
    const wrong = wrongCode(code);
    for (const attemptsLeft of [4, 3, 2, 1]) {
      expect(await redeemCode(id, wrong, meta)).toEqual({ ok: false, reason: "wrong", attemptsLeft });
    }
    expect(await redeemCode(id, wrong, meta)).toEqual({ ok: false, reason: "burned" });
    expect((await challengeRow(id)).endReason).toBe("burned");
    expect(await redeemCode(id, code, meta)).toEqual({ ok: false, reason: "burned" });
    expect(await redeemLink(token, meta)).toMatchObject({ ok: false, reason: "burned" });
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it("still accepts the right code on the fifth and last attempt", async () => {
    const email = freshEmail();
    const { id, code } = await issue(email);
    for (let i = 0; i < 4; i++) await redeemCode(id, wrongCode(code), meta);
    expect(await redeemCode(id, code, meta)).toMatchObject({ ok: true });
  });

  it("refuses an expired code without spending an attempt, while the link still works", async () => {
    const email = freshEmail();
    const { id, code, token } = await issue(email);
    await setChallenge(id, { codeExpiresAt: sql`now() - interval '1 minute'` });
    expect(await redeemCode(id, code, meta)).toEqual({ ok: false, reason: "expired" });
    expect((await challengeRow(id)).codeAttempts).toBe(0);
    expect(await redeemLink(token, meta)).toMatchObject({ ok: true });
  });

  it("keeps every try of a right code whose sign-in fails, so the code still works afterwards", async () => {
    const email = freshEmail();
    const { id, code, token } = await issue(email);
    const client = { ...meta, ip: freshIp() };
    // Any failure after the comparison (here: the session insert) must roll the whole check back.
    await db().execute(sql`create function test_refuse_sessions() returns trigger language plpgsql
      as $$ begin raise exception 'session store refuses'; end $$`);
    await db().execute(sql`create trigger test_refuse_sessions before insert on sessions
      for each row execute function test_refuse_sessions()`);
    try {
      for (let i = 0; i < 5; i++) await expect(redeemCode(id, code, client)).rejects.toThrow();
    } finally {
      await db().execute(sql`drop trigger test_refuse_sessions on sessions`);
      await db().execute(sql`drop function test_refuse_sessions()`);
    }
    expect(await challengeRow(id)).toMatchObject({ codeAttempts: 0, endedAt: null });
    expect(await redeemCode(id, code, client)).toMatchObject({ ok: true });
    expect(await redeemLink(token, meta)).toMatchObject({ ok: false, reason: "used" });
    expect(await sessionsOfEmail(email)).toHaveLength(1);
  });

  it("calls an unknown challenge id invalid", async () => {
    expect(await redeemCode(randomUUID(), "123456", meta)).toEqual({ ok: false, reason: "invalid" });
  });

  it("does not accept one challenge's code for another", async () => {
    const a = await issue(freshEmail());
    const b = await issue(freshEmail());
    const code = a.code === b.code ? wrongCode(b.code) : a.code;
    expect(await redeemCode(b.id, code, meta)).toMatchObject({ ok: false, reason: "wrong" });
  });
});
