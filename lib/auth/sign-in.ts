import "server-only";
import { createElement } from "react";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/db";
import { NoAccountEmail } from "@/emails/no-account-email";
import { SignInEmail } from "@/emails/sign-in-email";
import { brand } from "@/lib/brand";
import { bestEffort } from "@/lib/db-unavailable";
import { sendEmail, type OutgoingEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";
import { endChallengeAfterSendFailure, issueChallenge, type ChallengeRequest, type IssuedChallenge } from "./challenge";
import { authConfig, type SignUpMode } from "./config";
import { describeDevice, timeInWords } from "./device";
import { maskEmail } from "./email-address";
import { recordEvent } from "./events";
import { hitLimits, limits, type Throttle } from "./throttle";

// Asking for a sign-in: the per-IP limit, a challenge (challenge.ts), its email, and an answer
// whose timing does not tell whether the address was asked for recently.

// A throttled sign-in request sends nothing and would answer sooner than a sent one, telling an
// observer that the address was asked for recently. So every request answers no sooner than
// recent sends took: the 90th percentile of this process's last `size` send-path durations.
// Sent and throttled requests then both answer at that moment, except the slowest tenth of sends,
// which answer when they finish (as a fixed minimum would let them too).
//
// Why learned and not a fixed minimum: a minimum must exceed the provider's slow sends to hide
// anything, so it makes every sign-in wait for the worst case; the learned target follows the
// provider here and now. A new process (a deploy, a serverless cold start) has timed nothing, so
// its window starts full of `assumedMs` and it pads that long until its own sends replace most
// of them (29 of 32).
export class ResponsePadding {
  private readonly recent: number[];
  private next = 0;

  constructor(
    assumedMs: number,
    private readonly size = 32,
    private readonly maxMs = 10_000,
  ) {
    this.recent = Array.from({ length: size }, () => assumedMs);
  }

  learn(sendPathMs: number): void {
    this.recent[this.next] = sendPathMs;
    this.next = (this.next + 1) % this.size;
  }

  targetMs(): number {
    const sorted = [...this.recent].sort((a, b) => a - b);
    return Math.min(sorted[Math.ceil(this.size * 0.9) - 1]!, this.maxMs);
  }

  // Waits until `targetMs` has passed since `startedAt` (a performance.now() reading).
  async waitFrom(startedAt: number): Promise<void> {
    const left = this.targetMs() - (performance.now() - startedAt);
    if (left > 0) await sleep(left);
  }
}

// What became of a request: its email went out, it was throttled, or the send failed.
export type SignInRequest =
  | { status: "sent"; challengeId: string }
  | ({ status: "throttled" } & Throttle<"ip" | "email" | "global">)
  | { status: "send_failed" };

// Issue a challenge and email it. A failed send ends the challenge, so nothing usable is left.
// Guards: per-IP limit → per-device and per-mailbox send limits and the global cap (in
// issueChallenge) → send.
// Every outcome answers no sooner than recent sends took (ResponsePadding below); known and
// unknown addresses need nothing more: both are sent an email, and in "open" mode the request
// path never looks users up. `signUp` is the deployment's mode (SIGN_UP, else authConfig.signUp);
// tests pass it to try both, and pass their own `padding` (null: answer at once). `userAgent`
// names the asking device in the email.
const sendTimes = new ResponsePadding(authConfig.sends.assumedSendMs);

// The asking browser's user agent names the device in the email (who asked, and when).
export type SignInInput = ChallengeRequest & { userAgent?: string };

export async function requestSignIn(
  input: SignInInput,
  { padding = sendTimes, signUp = env().signUp }: { padding?: ResponsePadding | null; signUp?: SignUpMode } = {},
): Promise<SignInRequest> {
  const started = performance.now();
  const result = await issueAndSend(input, signUp);
  if (result.status === "sent") padding?.learn(performance.now() - started);
  await padding?.waitFrom(started);
  return result;
}

async function issueAndSend(input: SignInInput, signUp: SignUpMode): Promise<SignInRequest> {
  const perIp = await hitLimits(db(), limits.signInPerIp(input.ip));
  if (!perIp.ok) {
    if (perIp.recordable) {
      await recordEvent(db(), { type: "throttled", email: input.email, ip: input.ip, detail: "per-ip" });
    }
    return { status: "throttled", limit: "ip", retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const issued = await issueChallenge(input, { signUp });
  if (!issued.ok) return { status: "throttled", limit: issued.limit, retryAfterSeconds: issued.retryAfterSeconds };
  const { challenge } = issued;
  const sent = await sendEmail(challengeEmail(input.email, challenge, input.userAgent ?? ""));
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

// What is emailed for a challenge: the link and the code, or (invite-only, no account) a note
// that holds neither. Either way the challenge id is the idempotency key.
export function challengeEmail(
  to: string,
  challenge: IssuedChallenge,
  userAgent: string,
  at: Date = new Date(),
): OutgoingEmail {
  const appName = brand.name;
  if (challenge.kind === "no-account") {
    return {
      to,
      subject: `No ${appName} account for this address`,
      idempotencyKey: challenge.id,
      body: createElement(NoAccountEmail, { email: to }),
    };
  }
  // Built from APP_URL only: Host and X-Forwarded-* are attacker-controlled.
  const url = new URL(routes.verify, env().appUrl);
  url.searchParams.set("token", challenge.token);
  return {
    to,
    subject: `Sign in to ${appName}`,
    idempotencyKey: challenge.id,
    body: createElement(SignInEmail, {
      url: url.toString(),
      code: challenge.code,
      linkValidFor: lifetimeText(env().linkLifetimeSeconds),
      codeValidFor: lifetimeText(env().codeLifetimeSeconds),
      requestedBy: describeDevice(userAgent).device,
      requestedAt: timeInWords(at),
    }),
  };
}

// Never longer than the database enforces: whole minutes rounded down, seconds below two minutes
// that are not whole (a 90 s link is "90 seconds", not "2 minutes").
export function lifetimeText(seconds: number): string {
  if (seconds < 120 && seconds % 60 !== 0) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
