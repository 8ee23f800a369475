import "server-only";
import { createElement } from "react";
import { db } from "@/db";
import { SignInEmail } from "@/emails/sign-in-email";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { endChallengeAfterSendFailure, issueChallenge } from "./challenges";
import { authConfig } from "./config";
import { recordEvent } from "./events";

export type SignInRequest =
  | { status: "sent"; challengeId: string }
  | { status: "throttled"; retryAfterSeconds: number }
  | { status: "send_failed" };

// Issue a challenge and email it. A failed send ends the challenge, so nothing usable is left.
export async function requestSignIn(input: {
  email: string;
  nextPath: string;
  ip: string;
}): Promise<SignInRequest> {
  const issued = await issueChallenge(input);
  if (!issued.ok) return { status: "throttled", retryAfterSeconds: issued.retryAfterSeconds };
  const { id, token, code } = issued.challenge;
  // Built from APP_URL only: Host and X-Forwarded-* are attacker-controlled.
  const url = new URL("/verify", env().appUrl);
  url.searchParams.set("token", token);
  const sent = await sendEmail({
    to: input.email,
    subject: `Sign in to ${authConfig.appName}`,
    idempotencyKey: id,
    body: createElement(SignInEmail, {
      appName: authConfig.appName,
      url: url.toString(),
      code,
      linkMinutes: Math.ceil(env().linkLifetimeSeconds / 60),
      codeMinutes: Math.ceil(env().codeLifetimeSeconds / 60),
    }),
  });
  if (!sent.ok) {
    await endChallengeAfterSendFailure(id, sent.reason);
    return { status: "send_failed" };
  }
  await recordEvent(db(), { type: "sent", email: input.email, challengeId: id, ip: input.ip });
  return { status: "sent", challengeId: id };
}
