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
      linkValidFor: lifetimeText(env().linkLifetimeSeconds),
      codeValidFor: lifetimeText(env().codeLifetimeSeconds),
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
