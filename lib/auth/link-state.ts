import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { signInChallenges } from "@/db/schema";
import { bestEffort } from "@/lib/db-unavailable";
import { authConfig } from "./config";
import { recordEvent } from "./events";
import { limits } from "./limits";
import { hitLimits } from "./rate-limit";
import { sha256 } from "./secrets";

// What a link (or a challenge) is now: live, or dead and why. Read without consuming anything,
// so mail scanners, the confirm page and failed redemptions can all ask. Issuing: challenges.ts.
export type ChallengeState = { live: true; id: string; email: string } | DeadLink;
// id, email and where it led when the token matched a challenge.
export type DeadLink = { live: false; reason: DeadReason; id?: string; email?: string; nextPath?: string };
export type DeadReason =
  "invalid" | "expired" | "used" | "superseded" | "burned" | "no_account" | "send_failed" | "cancelled";

// Looks a link up without consuming it: what a mail scanner's GET is allowed to do.
export async function peekLink(token: string): Promise<ChallengeState> {
  const [row] = await db()
    .select({
      id: signInChallenges.id,
      email: signInChallenges.email,
      nextPath: signInChallenges.nextPath,
      endReason: signInChallenges.endReason,
      expired: sql<boolean>`${signInChallenges.expiresAt} <= now()`,
      attempts: signInChallenges.codeAttempts,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.tokenHash, sha256(token)));
  if (!row) return { live: false, reason: "invalid" };
  const dead = deadReason(row);
  return dead
    ? { live: false, reason: dead, id: row.id, email: row.email, nextPath: row.nextPath }
    : { live: true, id: row.id, email: row.email };
}

// GET /verify's first step: the peek, with a dead link recorded as a failed sign-in.
export async function checkLink(token: string, ip: string): Promise<ChallengeState> {
  const state = await peekLink(token);
  if (!state.live) await recordLinkFailure(state, ip);
  return state;
}

// A link that signed nobody in (replayed, expired, guessed): the audit trail's "failed", a few
// dozen per client network per 10 minutes (config.ts). Best effort: the answer is already
// decided, and a failed write must not turn "this link was already used" into an error page.
export async function recordLinkFailure(link: DeadLink, ip: string): Promise<void> {
  await bestEffort("Recording a failed link", async () => {
    const counted = await hitLimits(db(), limits.linkFailuresPerIp(ip));
    if (counted.ok) {
      await recordEvent(db(), {
        type: "link_failed",
        email: link.email,
        challengeId: link.id,
        ip,
        detail: link.reason,
      });
    } else if (counted.recordable) {
      await recordEvent(db(), { type: "throttled", ip, detail: "link-failures-per-ip" });
    }
  });
}

export function deadReason(row: { endReason: string | null; expired: boolean; attempts: number }): DeadReason | null {
  switch (row.endReason) {
    case null:
      // Out of code tries but not marked burned (the burn is a statement of its own after the
      // last wrong guess, and may have failed): dead all the same, link included.
      if (row.attempts >= authConfig.maxCodeAttempts) return "burned";
      return row.expired ? "expired" : null;
    case "redeemed":
      return "used";
    case "superseded":
      return "superseded";
    case "burned":
      return "burned";
    case "no_account":
      return "no_account";
    case "send_failed":
      return "send_failed";
    case "cancelled":
      return "cancelled";
    default:
      return "invalid";
  }
}
