import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { sessions, signInChallenges, users } from "@/db/schema";
import { bestEffort } from "@/lib/db-unavailable";
import { env } from "@/lib/env";
import { accountForSignIn } from "./account";
import { challengeStatus, lockEmail, readLink, recordLinkFailure, type DeadLink, type DeadStatus } from "./challenge";
import { authConfig, type SignUpMode } from "./config";
import { rememberDevice } from "./device";
import { recordEvent } from "./events";
import type { ClientMeta } from "./http";
import { holdsSession, liveSession, setSignedInCookies, startSession, type SignedIn } from "./session";
import { hitLimits, limits, type Throttle } from "./throttle";
import { codeMatches, newDeviceId, safeEqual, sha256, wrongCodeMark } from "./tokens";

// Redeeming a challenge, by its link or its code. Single use, atomically: one conditional UPDATE
// claims the challenge, and the account and session are made in the same transaction. Two
// parallel clicks cannot make two sessions, and a crash before commit leaves the challenge
// unclaimed. The browser gets its cookie only after commit (session.ts, finishSignIn).

// `sid`: the session id the browser's cookie drew for this sign-in (cookies.ts); a fresh one when
// none is given. `lastWrong`: the code form's mark of the last wrong code this browser sent.
// `deviceId`: the redeeming browser's device id (cookies.ts); without one it is a device never
// seen before and never recognised again.
export type RedeemOptions = { signUp?: SignUpMode; sid?: string; lastWrong?: string; deviceId?: string };

export type LinkResult = SignedIn | LinkFailure;
// email and where it led whenever the token matched a challenge.
export type LinkFailure = { ok: false; reason: DeadStatus; email?: string; nextPath?: string };
export type CodeResult =
  | SignedIn
  | { ok: false; reason: "wrong"; attemptsLeft: number }
  // `rightCode`: this was its code (a used challenge may then continue: continueUsedSignIn).
  | { ok: false; reason: Exclude<DeadStatus, "used"> }
  | { ok: false; reason: "used"; rightCode: boolean }
  | ({ ok: false; reason: "throttled" } & Throttle<"code-ip" | "code-email">);
type NoAccount = { ok: false; reason: "no_account" };

export async function redeemLink(token: string, meta: ClientMeta, options: RedeemOptions = {}): Promise<LinkResult> {
  const result = await db().transaction(async (tx) => {
    const [claimed] = await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "used" })
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
  if (result) return result;
  // Nothing to claim: say why, and record it. Should the read still find the link live (a race it
  // cannot see), "used" is the nearest truth.
  const state = await readLink(token);
  const dead: DeadLink = state.status === "live" ? { ...state, status: "used" } : state;
  await recordLinkFailure(dead, meta.ip);
  return { ok: false, reason: dead.status, email: dead.email, nextPath: dead.nextPath };
}

// The code form names no email and no user: the challenge id comes from the binding cookie of
// the browser that asked, and the identity from the challenge row.
export async function redeemCode(
  challengeId: string,
  code: string,
  meta: ClientMeta,
  options: RedeemOptions = {},
): Promise<CodeResult> {
  // Per client IP first: one client spraying guesses at many challenges is stopped here.
  const perIp = await hitLimits(db(), limits.codeChecksPerIp(meta.ip));
  if (!perIp.ok) {
    if (perIp.recordable) await recordEvent(db(), { type: "throttled", ip: meta.ip, detail: "code-per-ip" });
    return { ok: false, reason: "throttled", limit: "code-ip", retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const outcome = await db().transaction((tx) => checkCode(tx, challengeId, code, meta, options));
  if (outcome !== "dead") return outcome;
  const why = await whyCodeFailed(challengeId, code);
  // Nothing was compared, but the audit trail still shows the try (a replayed form, a guess at a
  // locked challenge). Best effort, like a failed link's record: the answer is already decided.
  await bestEffort("Recording a refused code", () =>
    recordEvent(db(), { type: "code_failed", email: why.email, challengeId, ip: meta.ip, detail: why.reason }),
  );
  return why.reason === "used"
    ? { ok: false, reason: "used", rightCode: why.rightCode }
    : { ok: false, reason: why.reason };
}

// Compare, count and claim in one transaction under the per-email lock: parallel guesses take
// turns, so 200 of them get at most 5 comparisons and the daily budget cannot be overshot; and
// a right code whose sign-in fails (the database drops mid-way) rolls back whole, leaving the
// code as it was instead of spending one of its tries.
async function checkCode(
  tx: Tx,
  challengeId: string,
  code: string,
  meta: ClientMeta,
  options: RedeemOptions,
): Promise<CodeResult | "dead"> {
  const [challenge] = await tx
    .select({
      email: signInChallenges.email,
      deviceHash: signInChallenges.deviceHash,
      knownDevice: signInChallenges.knownDevice,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!challenge) return "dead";
  const { email } = challenge;
  await lockEmail(tx, email);
  if ((await codeFailuresToday(tx, challenge)) >= authConfig.maxCodeFailuresPerEmailPerDay) {
    await recordEvent(tx, { type: "throttled", email, challengeId, ip: meta.ip, detail: "code-per-email" });
    return { ok: false, reason: "throttled", limit: "code-email", retryAfterSeconds: 0 };
  }
  // Locked: a link redeemed at the same moment waits for this transaction, and then finds it
  // claimed (or still live, after a wrong code).
  const [live] = await tx
    .select({ codeHash: signInChallenges.codeHash, attempts: signInChallenges.codeAttempts })
    .from(signInChallenges)
    .where(
      and(
        eq(signInChallenges.id, challengeId),
        isNull(signInChallenges.endedAt),
        gt(signInChallenges.codeExpiresAt, sql`now()`),
        lt(signInChallenges.codeAttempts, authConfig.maxCodeAttempts),
      ),
    )
    .for("update");
  if (!live) return "dead";

  if (live.codeHash && codeMatches(challengeId, code, live.codeHash)) {
    const [claimed] = await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "used" })
      .where(eq(signInChallenges.id, challengeId))
      .returning();
    return completeSignIn(tx, claimed!, "redeemed_code", meta, options);
  }
  // The same wrong code again from this browser (a reload re-posting the form) is no new guess.
  if (options.lastWrong && safeEqual(options.lastWrong, wrongCodeMark(challengeId, code))) {
    return { ok: false, reason: "wrong", attemptsLeft: authConfig.maxCodeAttempts - live.attempts };
  }
  // The last allowed wrong guess burns the whole challenge, link included.
  const attempts = live.attempts + 1;
  const attemptsLeft = authConfig.maxCodeAttempts - attempts;
  await tx
    .update(signInChallenges)
    .set({ codeAttempts: attempts, ...(attemptsLeft > 0 ? {} : { endedAt: sql`now()`, endReason: "burned" as const }) })
    .where(eq(signInChallenges.id, challengeId));
  await recordEvent(tx, { type: "code_failed", email, challengeId, ip: meta.ip, detail: "wrong" });
  return attemptsLeft > 0 ? { ok: false, reason: "wrong", attemptsLeft } : { ok: false, reason: "burned" };
}

// Wrong codes for this email over the last 24 hours, sliding (a fixed daily window would allow
// 2 × the budget around midnight), counted against the budget the challenge's requester draws
// on. Devices new to the address share one budget (an attacker mints browsers at will, so each
// cannot have its own); a device that has signed in to the address has its own, which nobody
// else's wrong codes touch: a stranger can burn only the challenges they asked for, never the
// owner's. Counted from the challenges themselves (their attempt counters, less the right
// guesses), through the (email, created_at) index; a challenge's codes live at most 10 minutes,
// so "created in the last 24 h" is "failed in the last 24 h" ± 10 min.
async function codeFailuresToday(
  tx: Tx,
  challenge: { email: string; deviceHash: string | null; knownDevice: boolean },
): Promise<number> {
  const budget =
    challenge.knownDevice && challenge.deviceHash
      ? and(eq(signInChallenges.knownDevice, true), eq(signInChallenges.deviceHash, challenge.deviceHash))
      : eq(signInChallenges.knownDevice, false);
  const [row] = await tx
    .select({ failures: sql<number>`coalesce(sum(${signInChallenges.codeAttempts}), 0)::int` })
    .from(signInChallenges)
    .where(
      and(
        eq(signInChallenges.email, challenge.email),
        gt(signInChallenges.createdAt, sql`now() - interval '24 hours'`),
        budget,
      ),
    );
  return row?.failures ?? 0;
}

// Why a code found nothing to check. For a code, expired means the code's own expiry.
async function whyCodeFailed(
  challengeId: string,
  code: string,
): Promise<{ reason: DeadStatus; email?: string; rightCode: boolean }> {
  const [row] = await db()
    .select({
      email: signInChallenges.email,
      endReason: signInChallenges.endReason,
      attempts: signInChallenges.codeAttempts,
      expired: sql<boolean>`coalesce(${signInChallenges.codeExpiresAt} <= now(), true)`,
      codeHash: signInChallenges.codeHash,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!row) return { reason: "invalid", rightCode: false };
  const status = challengeStatus(row);
  const rightCode = status === "used" && row.codeHash !== null && codeMatches(challengeId, code, row.codeHash);
  // Live again by now (a race with the transaction above): nothing was checked, so call it expired.
  return { reason: status === "live" ? "expired" : status, email: row.email, rightCode };
}

// The claimed challenge becomes a signed-in account: in the redeeming transaction.
async function completeSignIn(
  tx: Tx,
  challenge: typeof signInChallenges.$inferSelect,
  via: "redeemed_link" | "redeemed_code",
  meta: ClientMeta,
  options: RedeemOptions,
): Promise<SignedIn | NoAccount> {
  const account = await accountForSignIn(tx, challenge.email, options.signUp ?? env().signUp);
  if (!account) {
    // Only reachable if a challenge for an address without an account was emailed with its
    // secrets: issued while sign-up was open and redeemed after the switch to invite-only, or the
    // account was deleted in between. The challenge stays used up, and the person (who holds the
    // emailed secret, so learns nothing about someone else's address) is told there is no account.
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
  const { userId, created } = account;
  const deviceId = options.deviceId ?? newDeviceId();
  const { newDevice, signedInBefore } = await rememberDevice(tx, userId, deviceId, meta.userAgent);
  const sid = await startSession(tx, userId, meta.userAgent, options.sid, via === "redeemed_link" ? "link" : "code");
  await recordEvent(tx, { type: via, email: challenge.email, userId, challengeId: challenge.id, ip: meta.ip });
  return {
    ok: true,
    sid,
    userId,
    email: challenge.email,
    nextPath: challenge.nextPath,
    newUser: created || !signedInBefore,
    newDevice,
    method: via === "redeemed_link" ? "link" : "code",
  };
}

// A second press arrives within a second or two; a minute covers a slow network without leaving
// a standing way back in.
export const RESUME_WINDOW_SECONDS = 60;

// A used link or code, sent again by a browser that may already be signed in with it: it goes on
// instead of reading "already used". Either this browser holds a live session for the address (a
// second tab, or the first answer arrived), or it is the same browser whose first answer was lost
// (no JavaScript, a button pressed twice: the browser keeps only the second answer). The second
// case needs `sid`, the session id sealed in the cookie that drew it, which the caller passes
// only when this request presented the same link or the right code; it gets that session back
// within a minute of the sign-in, for the same address. Nobody else can: another browser with the
// same link holds a cookie of its own, and an id drawn by this server cannot be read out of a seal.
export async function continueUsedSignIn(email: string, sid: string | undefined): Promise<boolean> {
  if (await holdsSession(email)) return true;
  if (!sid) return false;
  const [row] = await db()
    .select({ userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sha256(sid)),
        liveSession(),
        eq(users.email, email),
        gt(sessions.createdAt, sql`now() - make_interval(secs => ${RESUME_WINDOW_SECONDS})`),
      ),
    );
  if (!row) return false;
  await setSignedInCookies({ sid, userId: row.userId });
  return true;
}
