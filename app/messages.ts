import type { ChallengeStatus } from "@/lib/auth/challenge";
import type { PasskeyFailure } from "@/lib/auth/passkey";
import type { ThrottleLimit } from "@/lib/auth/throttle";

// Everything a person reads when something goes wrong: specific, calm, and never revealing
// whether an account exists. One table per challenge status and one per throttle, used by every
// page and action.

export const messages = {
  crossSite: "This request came from another site. Reload the page and try again.",
  sendFailed: "We couldn't send the email just now. Please try again in a minute.",
  codeFormat: "Enter the 6-digit code from the email.",
  noChallenge: "There is no code to check here. Request a new one.",
  wrongCode: (left: number) => `That code isn't right. ${left} ${left === 1 ? "try" : "tries"} left.`,
  resent: "We sent a new link and code. The old ones no longer work.",
  // Plain-text refusals of a request body, before any of it is parsed (proxy.ts, POST /verify).
  bodyTooLarge: "Request body too large.",
  lengthRequired: "Request body without a Content-Length: send its length.",
};

// Passkeys: what a person reads when a passkey signs nobody in or cannot be added. Never says
// whether an account exists.
export const passkeyMessages = {
  signInFailed: "That passkey didn't sign you in. Try again, or sign in with your email.",
  expired: "That took too long. Try the passkey again.",
  unknown: "This passkey isn't registered here any more. Sign in with your email, then add it again.",
  cancelled: "Passkey sign-in was cancelled.",
  needsEmailProof: "To add a passkey, sign in with your email first (within the last 10 minutes).",
  addFailed: "The passkey could not be added. Try again.",
  alreadyAdded: "This passkey is already on your account.",
  nameFormat: "Give the passkey a name of 1 to 60 characters.",
  prompt: "Sign in faster next time on this device?",
  keptOnSignOut: "Signing out everywhere keeps your passkeys; remove one here if its device is lost.",
};

export const passkeyFailureMessages: Record<PasskeyFailure, string> = {
  expired: passkeyMessages.expired,
  unknown: passkeyMessages.unknown,
  invalid: passkeyMessages.signInFailed,
  counter: passkeyMessages.signInFailed,
  no_proof: passkeyMessages.needsEmailProof,
  duplicate: passkeyMessages.alreadyAdded,
};

// A challenge that can no longer sign anyone in: the error page's title and text for its link,
// and the code form's line for its code. "live" never reaches a person as an error.
type Explained = { title: string; body: string; code: string };
const codeExpired = "That code has expired. Request a new one.";

export const statusMessages: Record<Exclude<ChallengeStatus, "live">, Explained> = {
  expired: {
    title: "This link has expired",
    body: "Sign-in links work for a few minutes only. Ask for a new one.",
    code: codeExpired,
  },
  used: {
    title: "This link was already used",
    body: "Each link signs in once. Ask for a new one if you are not signed in.",
    code: "That code was already used. Request a new one if you are not signed in.",
  },
  // For a code, a newer email means this one's code is over: expired, as far as the form goes.
  superseded: {
    title: "A newer link was sent",
    body: "Only the most recent email works. Use it, or ask for a new one.",
    code: codeExpired,
  },
  cancelled: {
    title: "This link was cancelled",
    body: "The account signed out everywhere after it was sent, which cancels the links and codes sent before. Ask for a new one.",
    code: "That code was cancelled when the account signed out everywhere. Request a new one.",
  },
  burned: {
    title: "This sign-in was locked",
    body: "Too many wrong codes were entered. Ask for a new link.",
    code: "Too many tries — we've sent nothing new; request a new code.",
  },
  // The provider reported a failure, so the challenge was ended; an email can still arrive when
  // the failure was a lost reply to a send that went through.
  send_failed: {
    title: "This link was never sent successfully",
    body: "Sending the email failed, so its link and code were turned off. Ask for a new one.",
    code: codeExpired,
  },
  invalid: {
    title: "This link is not valid",
    body: "It may have been copied incompletely. Ask for a new one.",
    code: codeExpired,
  },
  // Invite-only, and the address has no account. Only whoever holds the emailed link or code
  // sees this, so they learn nothing about an address they do not hold.
  no_account: {
    title: "There is no account for this address",
    body: "Signing in here is by invitation. Ask the people who run this site to invite you, or use the address you were invited with.",
    code: "There is no account for this address. Ask for an invitation, or use the address you were invited with.",
  },
};

// Why /verify signed nobody in when no challenge status says it: the request itself was refused.
export const verifyRefusals = {
  "cross-site": { title: "This request came from another site", body: "Open the link from your email again." },
  // The confirm page was for one link, and another was opened in this browser since.
  replaced: {
    title: "Another sign-in link was opened in this browser",
    body: "To be safe, neither link signed you in. Open the link from your email again.",
  },
};

// Per-network and deployment-wide limits say nothing about the address, so they say plainly what
// happened. "email" is only ever shown to the browser that asked ("Send again"): for a first
// request it looks exactly like a sent one.
export const throttleMessages: Record<ThrottleLimit, (seconds: number) => string> = {
  ip: (s) => `Too many sign-in requests from your network. Try again in ${inMinutes(s)}.`,
  global: (s) => `We're sending a lot of sign-in emails right now. Try again in ${inMinutes(s)}.`,
  email: (s) => `You can send again in ${inMinutes(s)}.`,
  "code-ip": (s) => `Too many codes tried from your network. Try again in ${inMinutes(s)}.`,
  "passkey-ip": (s) => `Too many passkey sign-ins from your network. Try again in ${inMinutes(s)}.`,
  "code-email": () => "Too many wrong codes for this address today. Use the link in the email instead.",
};

function inMinutes(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
