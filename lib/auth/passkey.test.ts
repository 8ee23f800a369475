import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents, passkeyChallenges, passkeys, sessions, users } from "@/db/schema";
import { listDevMailbox } from "@/lib/email";
import { freshDevice, freshEmail, freshIp, issue, meta, testDevice } from "@/lib/test/auth";
import { SoftAuthenticator, type SoftAuthenticatorOptions } from "@/lib/test/webauthn";
import { sendNewSignInAlert } from "./device";
import {
  addPasskey,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  removePasskey,
  signInWithPasskey,
} from "./passkey";
import { redeemLink } from "./redeem";
import type { ActiveSession } from "./session";
import { sha256 } from "./tokens";

// Registration and sign-in, end to end, with real attestation and assertion bytes from a software
// authenticator (lib/test/webauthn.ts) and the real verifier. Checked to fail: with
// consumeChallenge's `used_at IS NULL` dropped the replay signs in twice; with the expiry
// condition dropped the expired challenge signs in; with the single-device counter passed as 0
// the regression signs in; with hasRecentEmailProof always true an old session adds a passkey.

async function emailSignIn(): Promise<ActiveSession> {
  const email = freshEmail();
  const result = await redeemLink((await issue(email)).token, meta);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { id: sha256(result.sid), userId: result.userId, email };
}

async function withPasskey(options: SoftAuthenticatorOptions = {}) {
  const session = await emailSignIn();
  const authenticator = new SoftAuthenticator(options);
  const begun = await passkeyRegistrationOptions(session);
  if (!begun.ok) throw new Error(begun.reason);
  const added = await addPasskey(session, begun.challengeId, authenticator.register(begun.options), meta);
  expect(added).toEqual({ ok: true, name: expect.any(String) });
  return { session, authenticator };
}

async function signIn(authenticator: SoftAuthenticator, ip = freshIp()) {
  const { challengeId, options } = await passkeySignInOptions();
  const response = authenticator.assert(options);
  const bound = { id: challengeId, next: "/account" };
  return { result: await signInWithPasskey(bound, response, { ...meta, ip }, testDevice), bound, response, ip };
}

const eventsOf = (userId: string) =>
  db()
    .select({ type: authEvents.type, detail: authEvents.detail })
    .from(authEvents)
    .where(eq(authEvents.userId, userId));

describe("passkeys", () => {
  it("registers a discoverable, user-verified passkey and signs in with it: a session 'via passkey'", async () => {
    const { session, authenticator } = await withPasskey();
    const begun = await passkeyRegistrationOptions(session);
    expect(begun.ok && begun.options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(begun.ok && begun.options.rp.id).toBe("localhost");
    expect(begun.ok && begun.options.excludeCredentials?.map((c) => c.id)).toEqual([authenticator.id]);

    const { result } = await signIn(authenticator);
    expect(result).toMatchObject({ ok: true, userId: session.userId, email: session.email, nextPath: "/account" });
    if (!result.ok) return;
    const [row] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.id, sha256(result.sid)));
    expect(row?.method).toBe("passkey");
    const [key] = await db().select().from(passkeys).where(eq(passkeys.userId, session.userId));
    expect(key).toMatchObject({ counter: 1, deviceType: "singleDevice", backedUp: false, transports: ["internal"] });
    expect(key?.lastUsedAt).toBeInstanceOf(Date);
    expect(await eventsOf(session.userId)).toEqual(
      expect.arrayContaining([
        { type: "passkey_added", detail: key!.name },
        { type: "signed_in", detail: "passkey" },
      ]),
    );
  });

  it("stores the challenge hashed, and consumes it once: a replayed assertion signs nobody in", async () => {
    const { authenticator } = await withPasskey();
    const { result, bound, response, ip } = await signIn(authenticator);
    expect(result.ok).toBe(true);
    const [row] = await db().select().from(passkeyChallenges).where(eq(passkeyChallenges.id, bound.id));
    expect(row?.challengeHash).not.toContain(
      JSON.parse(Buffer.from(response.response.clientDataJSON, "base64url").toString()).challenge,
    );
    expect(await signInWithPasskey(bound, response, { ...meta, ip }, testDevice)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses an expired challenge", async () => {
    const { authenticator } = await withPasskey();
    const { challengeId, options } = await passkeySignInOptions();
    await db()
      .update(passkeyChallenges)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(passkeyChallenges.id, challengeId));
    const result = await signInWithPasskey(
      { id: challengeId, next: "/" },
      authenticator.assert(options),
      meta,
      testDevice,
    );
    expect(result).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses another origin, another RP id, and an unknown credential", async () => {
    const { authenticator } = await withPasskey();
    authenticator.origin = "https://evil.example";
    expect((await signIn(authenticator)).result).toEqual({ ok: false, reason: "invalid" });
    authenticator.origin = "http://localhost:3000";
    authenticator.rpId = "evil.example";
    expect((await signIn(authenticator)).result).toEqual({ ok: false, reason: "invalid" });
    expect((await signIn(new SoftAuthenticator())).result).toEqual({ ok: false, reason: "unknown" });
  });

  it("refuses and records a single-device counter that goes backwards; a synced one may", async () => {
    const { session, authenticator } = await withPasskey();
    expect((await signIn(authenticator)).result.ok).toBe(true);
    expect((await signIn(authenticator)).result.ok).toBe(true);
    authenticator.counter = 0;
    expect((await signIn(authenticator)).result).toEqual({ ok: false, reason: "counter" });
    expect(await eventsOf(session.userId)).toContainEqual({ type: "passkey_failed", detail: "counter" });

    const synced = (await withPasskey({ synced: true })).authenticator;
    expect((await signIn(synced)).result.ok).toBe(true);
    synced.counter = 0;
    expect((await signIn(synced)).result.ok).toBe(true);
  });

  it("a passkey sign-in from a device new to the account sends the new-sign-in alert", async () => {
    const { session, authenticator } = await withPasskey();
    const pixel = {
      ip: freshIp(),
      userAgent:
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    };
    const { challengeId, options } = await passkeySignInOptions();
    const result = await signInWithPasskey(
      { id: challengeId, next: "/" },
      authenticator.assert(options),
      pixel,
      freshDevice(),
    );
    expect(result).toMatchObject({ ok: true, newUser: false, newDevice: true });
    if (!result.ok) return;
    expect(await sendNewSignInAlert(result, pixel)).toBe("sent");
    expect(listDevMailbox().filter((m) => m.to === session.email)).toHaveLength(1);
  });

  it("refuses an assertion without user verification", async () => {
    const { authenticator } = await withPasskey();
    (authenticator.options as SoftAuthenticatorOptions).userVerified = false;
    expect((await signIn(authenticator)).result).toEqual({ ok: false, reason: "invalid" });
  });

  it("is throttled per client IP like code checks", async () => {
    const { authenticator } = await withPasskey();
    const ip = freshIp();
    for (let i = 0; i < 30; i++) await passkeySignInOptions().then(() => signIn(new SoftAuthenticator(), ip));
    expect((await signIn(authenticator, ip)).result).toMatchObject({
      ok: false,
      reason: "throttled",
      limit: "passkey-ip",
    });
  });

  it("adds a passkey only within 10 minutes of an email sign-in, and only once", async () => {
    const { session, authenticator } = await withPasskey();
    const again = await passkeyRegistrationOptions(session);
    if (!again.ok) throw new Error(again.reason);
    const duplicate = await addPasskey(session, again.challengeId, authenticator.register(again.options), meta);
    expect(duplicate).toEqual({ ok: false, reason: "duplicate" });

    await db()
      .update(sessions)
      .set({ createdAt: sql`now() - interval '11 minutes'` })
      .where(eq(sessions.id, session.id));
    expect(await passkeyRegistrationOptions(session)).toEqual({ ok: false, reason: "no_proof" });

    // A session started by a passkey is no email proof either.
    const { result } = await signIn(authenticator);
    if (!result.ok) throw new Error(result.reason);
    const viaPasskey = { ...session, id: sha256(result.sid) };
    expect(await passkeyRegistrationOptions(viaPasskey)).toEqual({ ok: false, reason: "no_proof" });
  });

  it("refuses a registration whose challenge another account or browser was given", async () => {
    const mine = await emailSignIn();
    const theirs = await emailSignIn();
    const begun = await passkeyRegistrationOptions(theirs);
    if (!begun.ok) throw new Error(begun.reason);
    const response = new SoftAuthenticator().register(begun.options);
    expect(await addPasskey(mine, begun.challengeId, response, meta)).toEqual({ ok: false, reason: "expired" });
  });

  it("removes a passkey (its owner only); deleting the user removes the rest", async () => {
    const { session, authenticator } = await withPasskey();
    const [key] = await db().select().from(passkeys).where(eq(passkeys.userId, session.userId));
    const stranger = await emailSignIn();
    expect(await removePasskey(stranger, key!.id, meta.ip)).toBe(false);
    expect(await removePasskey(session, key!.id, meta.ip)).toBe(true);
    expect((await signIn(authenticator)).result).toEqual({ ok: false, reason: "unknown" });
    expect(await eventsOf(session.userId)).toContainEqual({ type: "passkey_removed", detail: key!.name });

    const other = await withPasskey();
    await db().delete(users).where(eq(users.id, other.session.userId));
    const left = await db()
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.userId, other.session.userId)));
    expect(left).toEqual([]);
  });
});
