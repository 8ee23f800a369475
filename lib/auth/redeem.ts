import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { knownDevices, signInChallenges, users } from "@/db/schema";
import { deadReason, type DeadReason } from "./challenges";
import { authConfig } from "./config";
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
  newUser: boolean;
  // First sign-in from this kind of device (browser and OS) for this user.
  newDevice: boolean;
};
export type RedeemMeta = { userAgent: string; ip: string };

export type LinkResult = SignedIn | { ok: false; reason: DeadReason };

// Redeeming a link, and completing any sign-in (codes: ./redeem-code.ts).
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
          // Five wrong codes kill the link too, even if the burn after the fifth never landed.
          lt(signInChallenges.codeAttempts, authConfig.maxCodeAttempts),
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
      attempts: signInChallenges.codeAttempts,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.tokenHash, sha256(token)));
  return row ? (deadReason(row) ?? "used") : "invalid";
}

export type Claimed = typeof signInChallenges.$inferSelect;

export async function completeSignIn(
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
