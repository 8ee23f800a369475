import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { signInChallenges } from "@/db/schema";
import { bestEffort } from "@/lib/db-unavailable";
import { authConfig } from "./config";
import { lockEmail } from "./challenges";
import { recordEvent } from "./events";
import { deadReason } from "./link-state";
import { limits } from "./limits";
import { hitLimits } from "./rate-limit";
import { completeSignIn, type RedeemMeta, type RedeemOptions, type SignedIn } from "./redeem";
import { codeMatches, safeEqual, wrongCodeMark } from "./secrets";

type CodeDeadReason = "burned" | "expired" | "invalid" | "budget" | "no_account" | "cancelled";
export type CodeFailure =
  | { ok: false; reason: "wrong"; attemptsLeft: number }
  | { ok: false; reason: CodeDeadReason }
  // Used already; `rightCode`: this was its code (app/login/check-email/actions.ts resumes a
  // double press with it).
  | { ok: false; reason: "used"; rightCode: boolean }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };
type DeadCode = Exclude<CodeFailure, { reason: "wrong" } | { reason: "throttled" }>;

// The code form names no email and no user: the challenge id comes from the binding cookie of
// the browser that asked, and the identity from the challenge row.
export async function redeemCode(
  challengeId: string,
  code: string,
  meta: RedeemMeta,
  options: RedeemOptions = {},
): Promise<SignedIn | CodeFailure> {
  // Per client IP first: one client spraying guesses at many challenges is stopped here.
  const perIp = await hitLimits(db(), limits.codeChecksPerIp(meta.ip));
  if (!perIp.ok) {
    if (perIp.recordable) await recordEvent(db(), { type: "throttled", ip: meta.ip, detail: "code-per-ip" });
    return { ok: false, reason: "throttled", retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const outcome = await db().transaction((tx) => checkCode(tx, challengeId, code, meta, options));
  if (outcome.ok || outcome.reason !== "dead") return outcome;
  return refuse(challengeId, outcome.email, await whyCodeFailed(challengeId, code), meta.ip);
}

type Dead = { ok: false; reason: "dead"; email?: string };

// Compare, count and claim in one transaction under the per-email lock: parallel guesses take
// turns, so 200 of them get at most 5 comparisons and the daily budget cannot be overshot; and
// a right code whose sign-in fails (the database drops mid-way) rolls back whole, leaving the
// code as it was instead of spending one of its tries.
async function checkCode(
  tx: Tx,
  challengeId: string,
  code: string,
  meta: RedeemMeta,
  options: RedeemOptions,
): Promise<SignedIn | CodeFailure | Dead> {
  const [challenge] = await tx
    .select({ email: signInChallenges.email })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!challenge) return { ok: false, reason: "dead" };
  const { email } = challenge;
  await lockEmail(tx, email);
  if ((await codeFailuresToday(tx, email)) >= authConfig.maxCodeFailuresPerEmailPerDay) {
    await recordEvent(tx, { type: "throttled", email, challengeId, ip: meta.ip, detail: "code-per-email" });
    return { ok: false, reason: "budget" };
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
  if (!live) return { ok: false, reason: "dead", email };

  if (live.codeHash && codeMatches(challengeId, code, live.codeHash)) {
    const [claimed] = await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "redeemed" })
      .where(eq(signInChallenges.id, challengeId))
      .returning();
    return completeSignIn(tx, claimed!, "redeemed_code", meta, options);
  }
  // The same wrong code again from this browser (a reload re-posting the form) is no new guess.
  if (options.lastWrong && safeEqual(options.lastWrong, wrongCodeMark(challengeId, code))) {
    return { ok: false, reason: "wrong", attemptsLeft: authConfig.maxCodeAttempts - live.attempts };
  }
  return recordWrongCode(tx, challengeId, email, live.attempts + 1, meta.ip);
}

// A code sent for a challenge that can no longer be redeemed: nothing was compared, but the
// audit trail still shows the try (a replayed form, a guess at a locked challenge). Best effort,
// like a failed link's record: the answer is already decided.
async function refuse(challengeId: string, email: string | undefined, why: DeadCode, ip: string): Promise<CodeFailure> {
  await bestEffort("Recording a refused code", () =>
    recordEvent(db(), { type: "code_failed", email, challengeId, ip, detail: why.reason }),
  );
  return why;
}

// The last allowed wrong guess burns the whole challenge, link included.
async function recordWrongCode(
  tx: Tx,
  challengeId: string,
  email: string,
  attempts: number,
  ip: string,
): Promise<CodeFailure> {
  const attemptsLeft = authConfig.maxCodeAttempts - attempts;
  await tx
    .update(signInChallenges)
    .set({ codeAttempts: attempts, ...(attemptsLeft > 0 ? {} : { endedAt: sql`now()`, endReason: "burned" as const }) })
    .where(eq(signInChallenges.id, challengeId));
  await recordEvent(tx, { type: "code_failed", email, challengeId, ip, detail: "wrong" });
  return attemptsLeft > 0 ? { ok: false, reason: "wrong", attemptsLeft } : { ok: false, reason: "burned" };
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

async function whyCodeFailed(challengeId: string, code: string): Promise<DeadCode> {
  const [row] = await db()
    .select({
      endReason: signInChallenges.endReason,
      attempts: signInChallenges.codeAttempts,
      expired: sql<boolean>`coalesce(${signInChallenges.codeExpiresAt} <= now(), true)`,
      codeHash: signInChallenges.codeHash,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.id, challengeId));
  if (!row) return { ok: false, reason: "invalid" };
  const dead = deadReason(row);
  if (dead === "used") {
    return {
      ok: false,
      reason: "used",
      rightCode: row.codeHash !== null && codeMatches(challengeId, code, row.codeHash),
    };
  }
  if (dead === "send_failed") return { ok: false, reason: "invalid" };
  return { ok: false, reason: dead === "superseded" ? "expired" : (dead ?? "expired") };
}
