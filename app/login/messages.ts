// What people read when something goes wrong: specific, calm, and never revealing whether an
// account exists.
export const messages = {
  crossSite: "This request came from another site. Reload the page and try again.",
  sendFailed: "We couldn't send the email just now. Please try again in a minute.",
  codeFormat: "Enter the 6-digit code from the email.",
  codeBurned: "Too many tries — we've sent nothing new; request a new code.",
  codeExpired: "That code has expired. Request a new one.",
  codeUsed: "That code was already used. Request a new one if you are not signed in.",
  codeBudget: "Too many wrong codes for this address today. Use the link in the email instead.",
  noChallenge: "There is no code to check here. Request a new one.",
  wrongCode: (left: number) => `That code isn't right. ${left} ${left === 1 ? "try" : "tries"} left.`,
  resendWait: (seconds: number) => `You can send again in ${seconds} seconds.`,
  resent: "We sent a new link and code. The old ones no longer work.",
};
