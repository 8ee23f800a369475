// What people read when something goes wrong: specific, calm, and never revealing whether an
// account exists.
export const messages = {
  crossSite: "This request came from another site. Reload the page and try again.",
  sendFailed: "We couldn't send the email just now. Please try again in a minute.",
  codeFormat: "Enter the 6-digit code from the email.",
  codeBurned: "Too many tries — we've sent nothing new; request a new code.",
  codeExpired: "That code has expired. Request a new one.",
  codeUsed: "That code was already used. Request a new one if you are not signed in.",
  codeCancelled: "That code was cancelled when the account signed out everywhere. Request a new one.",
  codeBudget: "Too many wrong codes for this address today. Use the link in the email instead.",
  noChallenge: "There is no code to check here. Request a new one.",
  // Only after the right code (so to the mailbox's holder): invite-only, and no account.
  noAccount: "There is no account for this address. Ask for an invitation, or use the address you were invited with.",
  wrongCode: (left: number) => `That code isn't right. ${left} ${left === 1 ? "try" : "tries"} left.`,
  // Per-IP and global limits say nothing about the address, so they can say plainly what happened.
  ipThrottled: (seconds: number) => `Too many sign-in requests from your network. Try again in ${inMinutes(seconds)}.`,
  busy: (seconds: number) => `We're sending a lot of sign-in emails right now. Try again in ${inMinutes(seconds)}.`,
  codeThrottled: (seconds: number) => `Too many codes tried from your network. Try again in ${inMinutes(seconds)}.`,
  resendWait: (seconds: number) => `You can send again in ${inMinutes(seconds)}.`,
  resent: "We sent a new link and code. The old ones no longer work.",
};

function inMinutes(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
