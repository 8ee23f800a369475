import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { knownDevices, signInChallenges, users } from "@/db/schema";
import { authConfig } from "./config";
import { deadReason, type DeadReason } from "./challenges";
import { describeDevice } from "./device";
import { recordEvent } from "./events";
import { peekLimit, hitLimit, type Limit } from "./rate-limit";
import { hashCode, safeEqual, sha256 } from "./secrets";
import { startSession } from "./sessions";

export type SignedIn = {
  ok: true;
  sid: string;
  userId: string;
  email: string;
  nextPath: string;
  newUser: boolean;
  // First sign-in from this kind of device (browser and OS) for this user.
  newDevice: boolean;
};
export type RedeemMeta = { userAgent: string; ip: string };

export type LinkResult = SignedIn | { ok: false; reason: DeadReason };

// Single use, atomically: one conditional UPDATE claims the challenge, and the user and session
// are created in the same transaction. Two parallel clicks cannot make two sessions, and a crash
// before commit leaves the challenge unclaimed.
export async function redeemLink(token: string, meta: RedeemMeta): Promise<LinkResult> {
  const result = await db().transaction(async (tx) => {
    const [claimed] = await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "redeemed" })
      .where(
        and(
          eq(signInChallenges.tokenHash, sha256(token)),
          isNull(signInChallenges.endedAt),
          gt(signInChallenges.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!claimed) return null;
    return completeSignIn(tx, claimed, "redeemed_link", meta);
  });
  return result ?? { ok: false, reason: await whyLinkFailed(token) };
}

async function whyLinkFailed(token: string): Promise<DeadReason> {
  const [row] = await db()
    .select({
      endReason: signInChallenges.endReason,
      expired: sql<boolean>`${signInChallenges.expiresAt} <= now()`,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.tokenHash, sha256(token)));
  return row ? (deadReason(row) ?? "used") : "invalid";
}

type CodeDeadReason = "burned" | "expired" | "used" | "invalid" | "budget";
export type CodeFailure =
  | { ok: false; reason: "wrong"; attemptsLeft: number }
  | { ok: false; reason: CodeDeadReason };

const failureBudget = (email: string): Limit => ({
  key: `code-failures:${sha256(email)}`,
  windowSeconds: 24 * 3600,
  max: authConfig.maxCodeFailuresPerEmailPerDay,
});

// The code form names no email and no user: the challenge id comes from the binding cookie of
// the browser that asked, and the identity from the challenge row.
export async function redeemCode(
  challengeId: string,
  code: string,
  meta: RedeemMeta,
): Promise<SignedIn | CodeFailure> {
  const [challenge] = await db()
    .select({ email: signInChallenges.email })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!challenge) return { ok: false, reason: "invalid" };
  if (!(await peekLimit(db(), failureBudget(challenge.email))).ok) {
    return { ok: false, reason: "budget" };
  }
  // Reserve one attempt atomically before comparing: 200 parallel guesses get at most 5 checks.
  const [attempt] = await db()
    .update(signInChallenges)
    .set({ codeAttempts: sql`${signInChallenges.codeAttempts} + 1` })
    .where(
      and(
        eq(signInChallenges.id, challengeId),
        isNull(signInChallenges.endedAt),
        gt(signInChallenges.codeExpiresAt, sql`now()`),
        lt(signInChallenges.codeAttempts, authConfig.maxCodeAttempts),
      ),
    )
    .returning({ codeHash: signInChallenges.codeHash, attempts: signInChallenges.codeAttempts });
  if (!attempt) return { ok: false, reason: await whyCodeFailed(challengeId) };

  if (attempt.codeHash && safeEqual(attempt.codeHash, hashCode(challengeId, code))) {
    const signedIn = await db().transaction(async (tx) => {
      const [claimed] = await tx
        .update(signInChallenges)
        .set({ endedAt: sql`now()`, endReason: "redeemed" })
        .where(and(eq(signInChallenges.id, challengeId), isNull(signInChallenges.endedAt)))
        .returning();
      return claimed ? completeSignIn(tx, claimed, "redeemed_code", meta) : null;
    });
    return signedIn ?? { ok: false, reason: "used" };
  }
  return recordWrongCode(challengeId, challenge.email, attempt.attempts, meta.ip);
}

async function recordWrongCode(
  challengeId: string,
  email: string,
  attempts: number,
  ip: string,
): Promise<CodeFailure> {
  await hitLimit(db(), failureBudget(email));
  await recordEvent(db(), { type: "code_failed", email, challengeId, ip });
  const attemptsLeft = authConfig.maxCodeAttempts - attempts;
  if (attemptsLeft > 0) return { ok: false, reason: "wrong", attemptsLeft };
  // The last allowed guess was wrong: burn the whole challenge, link included.
  await db()
    .update(signInChallenges)
    .set({ endedAt: sql`now()`, endReason: "burned" })
    .where(and(eq(signInChallenges.id, challengeId), isNull(signInChallenges.endedAt)));
  return { ok: false, reason: "burned" };
}

async function whyCodeFailed(challengeId: string): Promise<CodeDeadReason> {
  const [row] = await db()
    .select({
      endReason: signInChallenges.endReason,
      attempts: signInChallenges.codeAttempts,
      expired: sql<boolean>`coalesce(${signInChallenges.codeExpiresAt} <= now(), true)`,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!row) return "invalid";
  if (row.endReason === null && row.attempts >= authConfig.maxCodeAttempts) return "burned";
  const dead = deadReason(row);
  return dead === "superseded" ? "expired" : (dead ?? "expired");
}

type Claimed = typeof signInChallenges.$inferSelect;

async function completeSignIn(
  tx: Tx,
  challenge: Claimed,
  via: "redeemed_link" | "redeemed_code",
  meta: RedeemMeta,
): Promise<SignedIn> {
  // Accounts are created only here, once the email is proven.
  const [created] = await tx
    .insert(users)
    .values({ email: challenge.email })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  const userId =
    created?.id ??
    (await tx.select({ id: users.id }).from(users).where(eq(users.email, challenge.email)))[0]!.id;
  const sid = await startSession(tx, userId, meta.userAgent);
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
    newUser: Boolean(created),
    newDevice: Boolean(seen),
  };
}
