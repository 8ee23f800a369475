import "server-only";
import { createElement } from "react";
import { NoAccountEmail } from "@/emails/no-account-email";
import { SignInEmail } from "@/emails/sign-in-email";
import type { OutgoingEmail } from "@/lib/email";
import { brand } from "@/lib/brand";
import { env } from "@/lib/env";
import type { IssuedChallenge } from "./challenges";

// What is emailed for a challenge: the link and the code, or (invite-only, no account) a note
// that holds neither. Either way the challenge id is the idempotency key.
export function challengeEmail(to: string, challenge: IssuedChallenge): OutgoingEmail {
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
  const url = new URL("/verify", env().appUrl);
  url.searchParams.set("token", challenge.token);
  return {
    to,
    subject: `Sign in to ${appName}`,
    idempotencyKey: challenge.id,
    body: createElement(SignInEmail, {
      url: url.toString(),
      code: challenge.code,
      linkMinutes: Math.ceil(env().linkLifetimeSeconds / 60),
      codeMinutes: Math.ceil(env().codeLifetimeSeconds / 60),
    }),
  };
}
