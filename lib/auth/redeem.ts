import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { env } from "@/lib/env";
import { knownDevices, signInChallenges } from "@/db/schema";
import { accountForSignIn } from "./accounts";
import { peekLink, recordLinkFailure, type DeadLink, type DeadReason } from "./link-state";
import { authConfig, type SignUpMode } from "./config";
import { describeDevice } from "./device";
import { recordEvent } from "./events";
import { sha256 } from "./secrets";
import { startSession } from "./sessions";

export type SignedIn = {
  ok: true;
  sid: string;
  userId: string;
  email: string;
  nextPath: string;
  // First sign-in to this account: just created, or invited and never signed in before.
  newUser: boolean;
  // First sign-in from this kind of device (browser and OS) for this user.
  newDevice: boolean;
};
export type RedeemMeta = { userAgent: string; ip: string };
// `sid`: the session id the browser's cookie drew for this sign-in (lib/auth/cookies.ts); a
// fresh one when none is given.
// `lastWrong`: the code form's mark of the last wrong code this browser sent (cookies.ts).
export type RedeemOptions = { signUp?: SignUpMode; sid?: string; lastWrong?: string };

export type LinkResult = SignedIn | LinkFailure;
// email and nextPath when the token matched a challenge.
export type LinkFailure = { ok: false; reason: DeadReason; email?: string; nextPath?: string };
// Invite-only, and the challenge's address has no account: nobody is signed in.
export type NoAccount = { ok: false; reason: "no_account" };

// Redeeming a link, and completing any sign-in (codes: ./redeem-code.ts).
// Single use, atomically: one conditional UPDATE claims the challenge, and the user and session
// are created in the same transaction. Two parallel clicks cannot make two sessions, and a crash
// before commit leaves the challenge unclaimed.
export async function redeemLink(token: string, meta: RedeemMeta, options: RedeemOptions = {}): Promise<LinkResult> {
  const result = await db().transaction(async (tx) => {
    const [claimed] = await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "redeemed" })
      .where(
        and(
          eq(signInChallenges.tokenHash, sha256(token)),
          isNull(signInChallenges.endedAt),
          gt(signInChallenges.expiresAt, sql`now()`),
          // Five wrong codes kill the link too, even if the burn after the fifth never landed.
          lt(signInChallenges.codeAttempts, authConfig.maxCodeAttempts),
        ),
      )
      .returning();
    if (!claimed) return null;
    return completeSignIn(tx, claimed, "redeemed_link", meta, options);
  });
  return result ?? linkFailed(token, meta.ip);
}

// The claim found nothing to claim: say why, and record it. Should the peek still find the link
// live (a race it cannot see), "used" is the nearest truth, as it always was here.
async function linkFailed(token: string, ip: string): Promise<LinkFailure> {
  const state = await peekLink(token);
  const dead: DeadLink = state.live ? { ...state, live: false, reason: "used" } : state;
  await recordLinkFailure(dead, ip);
  return { ok: false, reason: dead.reason, email: dead.email, nextPath: dead.nextPath };
}

export type Claimed = typeof signInChallenges.$inferSelect;

export async function completeSignIn(
  tx: Tx,
  challenge: Claimed,
  via: "redeemed_link" | "redeemed_code",
  meta: RedeemMeta,
  options: RedeemOptions,
): Promise<SignedIn | NoAccount> {
  const account = await accountForSignIn(tx, challenge.email, options.signUp ?? env().signUp);
  if (!account) return refuseWithoutAccount(tx, challenge, meta);
  const { userId, created } = account;
  const signedInBefore = !created && (await hasKnownDevice(tx, userId));
  const sid = await startSession(tx, userId, meta.userAgent, options.sid);
  const [seen] = await tx
    .insert(knownDevices)
    .values({ userId, device: describeDevice(meta.userAgent).device })
    .onConflictDoNothing()
    .returning({ device: knownDevices.device });
  await recordEvent(tx, {
    type: via,
    email: challenge.email,
    userId,
    challengeId: challenge.id,
    ip: meta.ip,
  });
  return {
    ok: true,
    sid,
    userId,
    email: challenge.email,
    nextPath: challenge.nextPath,
    newUser: !signedInBefore,
    newDevice: Boolean(seen),
  };
}

// Every sign-in records its kind of device, so an account with none has never signed in (an
// invited one, say): its first sign-in must not send a "new sign-in" alert.
async function hasKnownDevice(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId))
    .limit(1);
  return Boolean(row);
}

// Only reachable if a challenge for an address without an account was emailed with its secrets:
// issued while sign-up was open and redeemed after the switch to invite-only, or the account was
// deleted in between. The challenge stays used up, and the person (who holds the emailed secret,
// so learns nothing about someone else's address) is told there is no account.
async function refuseWithoutAccount(tx: Tx, challenge: Claimed, meta: RedeemMeta): Promise<NoAccount> {
  await tx.update(signInChallenges).set({ endReason: "no_account" }).where(eq(signInChallenges.id, challenge.id));
  await recordEvent(tx, {
    type: "no_account",
    email: challenge.email,
    challengeId: challenge.id,
    ip: meta.ip,
    detail: "refused at redemption",
  });
  return { ok: false, reason: "no_account" };
}
