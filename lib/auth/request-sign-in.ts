import "server-only";
import { db } from "@/db";
import { sendEmail } from "@/lib/email";
import { bestEffort } from "@/lib/db-unavailable";
import { env } from "@/lib/env";
import { challengeEmail } from "./challenge-email";
import { endChallengeAfterSendFailure, issueChallenge } from "./challenges";
import { authConfig, type SignUpMode } from "./config";
import { maskEmail } from "./email-address";
import { recordEvent } from "./events";
import { limits } from "./limits";
import { hitLimits } from "./rate-limit";
import { ResponsePadding } from "./response-padding";

export type SignInRequest =
  | { status: "sent"; challengeId: string }
  | { status: "throttled"; limit: "email" | "ip" | "global"; retryAfterSeconds: number }
  | { status: "send_failed" };

// Issue a challenge and email it. A failed send ends the challenge, so nothing usable is left.
// Guards: per-IP limit → per-email cooldown and global cap (in issueChallenge) → send.
// Every outcome answers no sooner than recent sends took (./response-padding.ts); known and
// unknown addresses need nothing more: both are sent an email, and in "open" mode the request
// path never looks users up. `signUp` is the deployment's mode (SIGN_UP, else authConfig.signUp);
// tests pass it to try both, and pass their own `padding` (null: answer at once).
const sendTimes = new ResponsePadding(authConfig.sends.assumedSendMs);

export async function requestSignIn(
  input: { email: string; nextPath: string; ip: string },
  { padding = sendTimes, signUp = env().signUp }: { padding?: ResponsePadding | null; signUp?: SignUpMode } = {},
): Promise<SignInRequest> {
  const started = performance.now();
  const result = await issueAndSend(input, signUp);
  if (result.status === "sent") padding?.learn(performance.now() - started);
  await padding?.waitFrom(started);
  return result;
}

async function issueAndSend(
  input: { email: string; nextPath: string; ip: string },
  signUp: SignUpMode,
): Promise<SignInRequest> {
  const perIp = await hitLimits(db(), limits.signInPerIp(input.ip));
  if (!perIp.ok) {
    if (perIp.recordable) {
      await recordEvent(db(), { type: "throttled", email: input.email, ip: input.ip, detail: "per-ip" });
    }
    return { status: "throttled", limit: "ip", retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const issued = await issueChallenge(input, { signUp });
  if (!issued.ok) {
    return { status: "throttled", limit: issued.limit, retryAfterSeconds: issued.retryAfterSeconds };
  }
  const { challenge } = issued;
  const sent = await sendEmail(challengeEmail(input.email, challenge));
  // Past the send, the database cannot change what happened to the email, so it does not change
  // the answer either. Sent: "check your email" even if the event is not recorded, so the browser
  // is bound to the email on its way. Failed: "couldn't send" even if ending the challenge fails
  // too (the database went down right after the provider): the row stays unended, but its token
  // and code lived only in this process and in an email the provider refused, and no browser is
  // bound to it, so nobody can redeem it; it dies with the link, counting against this
  // address's send limits meanwhile. (Had the provider in fact delivered, the rightful mailbox
  // holds a working link: no harm.)
  const who = maskEmail(input.email);
  if (!sent.ok) {
    await bestEffort(`Ending the challenge after a failed send to ${who}`, () =>
      endChallengeAfterSendFailure(challenge.id, sent.reason),
    );
    return { status: "send_failed" };
  }
  // Invite-only, no account: the same answer as for a member; only the audit trail tells.
  const event =
    challenge.kind === "sign-in" ? { type: "sent" as const } : { type: "no_account" as const, detail: "emailed" };
  await bestEffort(`Recording the sent email to ${who}`, () =>
    recordEvent(db(), { ...event, email: input.email, challengeId: challenge.id, ip: input.ip }),
  );
  return { status: "sent", challengeId: challenge.id };
}
