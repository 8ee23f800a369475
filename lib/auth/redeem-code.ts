import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { signInChallenges } from "@/db/schema";
import { bestEffort } from "@/lib/db-unavailable";
import { env } from "@/lib/env";
import { authConfig, type SignUpMode } from "./config";
import { deadReason, lockEmail } from "./challenges";
import { recordEvent } from "./events";
import { limits } from "./limits";
import { hitLimit } from "./rate-limit";
import { completeSignIn, type RedeemMeta, type SignedIn } from "./redeem";
import { codeMatches } from "./secrets";

type CodeDeadReason = "burned" | "expired" | "used" | "invalid" | "budget" | "no_account";
export type CodeFailure =
  | { ok: false; reason: "wrong"; attemptsLeft: number }
  | { ok: false; reason: CodeDeadReason }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// The code form names no email and no user: the challenge id comes from the binding cookie of
// the browser that asked, and the identity from the challenge row.
export async function redeemCode(
  challengeId: string,
  code: string,
  meta: RedeemMeta,
  { signUp = env().signUp }: { signUp?: SignUpMode } = {},
): Promise<SignedIn | CodeFailure> {
  // Per client IP first: one client spraying guesses at many challenges is stopped here.
  const perIp = await hitLimit(db(), limits.codeChecksPerIp(meta.ip));
  if (!perIp.ok) {
    await recordEvent(db(), { type: "throttled", ip: meta.ip, detail: "code-per-ip" });
    return { ok: false, reason: "throttled", retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const [challenge] = await db()
    .select({ email: signInChallenges.email })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!challenge) return refuse(challengeId, undefined, "invalid", meta.ip);
  const { email } = challenge;
  const attempt = await reserveAttempt(challengeId, email);
  if (attempt === "budget") {
    await recordEvent(db(), { type: "throttled", email, challengeId, ip: meta.ip, detail: "code-per-email" });
    return { ok: false, reason: "budget" };
  }
  if (!attempt) return refuse(challengeId, email, await whyCodeFailed(challengeId), meta.ip);

  if (attempt.codeHash && codeMatches(challengeId, code, attempt.codeHash)) {
    const signedIn = await db().transaction(async (tx) => {
      // The right code is not a failure: give its reserved attempt back as the challenge ends.
      const [claimed] = await tx
        .update(signInChallenges)
        .set({ endedAt: sql`now()`, endReason: "redeemed", codeAttempts: sql`${signInChallenges.codeAttempts} - 1` })
        .where(and(eq(signInChallenges.id, challengeId), isNull(signInChallenges.endedAt)))
        .returning();
      return claimed ? completeSignIn(tx, claimed, "redeemed_code", meta, signUp) : null;
    });
    if (signedIn) return signedIn;
    // Right code, but a parallel request won: not a failure either (the challenge has ended).
    await db()
      .update(signInChallenges)
      .set({ codeAttempts: sql`${signInChallenges.codeAttempts} - 1` })
      .where(eq(signInChallenges.id, challengeId));
    return { ok: false, reason: "used" };
  }
  return recordWrongCode(challengeId, email, attempt.attempts, meta.ip);
}

// One attempt taken from the challenge before its code is compared, so 200 parallel guesses get
// at most 5 checks; "budget" when this email's wrong codes of the last 24 h are used up. Both
// under the per-email lock: parallel guesses would otherwise all read the same total and
// together overshoot the budget by up to 4.
async function reserveAttempt(challengeId: string, email: string) {
  return db().transaction(async (tx) => {
    await lockEmail(tx, email);
    if ((await codeFailuresToday(tx, email)) >= authConfig.maxCodeFailuresPerEmailPerDay) return "budget" as const;
    const [attempt] = await tx
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
    return attempt ?? null;
  });
}

// A code sent for a challenge that can no longer be redeemed: nothing was compared, but the
// audit trail still shows the try (a replayed form, a guess at a locked challenge). Best effort,
// like a failed link's record: the answer is already decided.
async function refuse(
  challengeId: string,
  email: string | undefined,
  reason: CodeDeadReason,
  ip: string,
): Promise<CodeFailure> {
  await bestEffort("Recording a refused code", () =>
    recordEvent(db(), { type: "code_failed", email, challengeId, ip, detail: reason }),
  );
  return { ok: false, reason };
}

async function recordWrongCode(challengeId: string, email: string, attempts: number, ip: string): Promise<CodeFailure> {
  await recordEvent(db(), { type: "code_failed", email, challengeId, ip, detail: "wrong" });
  const attemptsLeft = authConfig.maxCodeAttempts - attempts;
  if (attemptsLeft > 0) return { ok: false, reason: "wrong", attemptsLeft };
  // The last allowed guess was wrong: burn the whole challenge, link included.
  await db()
    .update(signInChallenges)
    .set({ endedAt: sql`now()`, endReason: "burned" })
    .where(and(eq(signInChallenges.id, challengeId), isNull(signInChallenges.endedAt)));
  return { ok: false, reason: "burned" };
}

// Wrong codes for this email over the last 24 hours, sliding (a fixed daily window would allow
// 2 × the budget around midnight). Counted from the challenges themselves (their attempt
// counters, less the right guesses), through the (email, created_at) index; a challenge's codes
// live at most 10 minutes, so "created in the last 24 h" is "failed in the last 24 h" ± 10 min.
async function codeFailuresToday(tx: Tx, email: string): Promise<number> {
  const [row] = await tx
    .select({ failures: sql<number>`coalesce(sum(${signInChallenges.codeAttempts}), 0)::int` })
    .from(signInChallenges)
    .where(and(eq(signInChallenges.email, email), gt(signInChallenges.createdAt, sql`now() - interval '24 hours'`)));
  return row?.failures ?? 0;
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
  const dead = deadReason(row);
  if (dead === "send_failed") return "invalid";
  return dead === "superseded" ? "expired" : (dead ?? "expired");
}
