import type { DeviceKind, Method } from "./device";

// Product knobs in one place. Each default carries the reason for its number; the numbers are
// the project's security rules, listed with the tests that pin them in the README's Security model.
export type SignUpMode = "open" | "invite-only";

export const authConfig = {
  // "open": anyone who proves an email address gets an account. "invite-only": only addresses
  // already in `users` (see `npm run users:invite`) can sign in; anyone else gets an email saying
  // there is no account, and the sign-in page answers exactly as for a member. Open by default:
  // a starter should work for the first person who tries it. SIGN_UP overrides it per deployment.
  signUp: "open" as SignUpMode,
  // Which way in the "check your email" page offers first, by device. On a phone or tablet the
  // email usually opens in a mail app whose links land in another browser, so typing the code
  // keeps the sign-in in this one; on a computer the link opens in the default browser, which is
  // usually the one asking. Only a default: a person's own choice (remembered in a cookie) wins.
  defaultMethod: { phone: "code", tablet: "code", computer: "link" } as Record<DeviceKind, Method>,
  // Short enough that a leaked link in a mailbox is soon useless; long enough to switch devices.
  linkLifetimeMinutes: 15,
  // Codes are guessable in principle (10⁶), so they live shorter than links.
  codeLifetimeMinutes: 10,
  // Wrong code guesses before a challenge is burned: 5 guesses of 10⁶ is a 1 in 200,000 chance.
  maxCodeAttempts: 5,
  // Failed code entries per email in any 24 hours (sliding), across resends, so re-requesting
  // cannot buy guesses: 20 guesses of 10⁶ a day is a 1 in 50,000 chance per day.
  maxCodeFailuresPerEmailPerDay: 20,
  sends: {
    // Per email: one email per minute, five per hour, so Sesame cannot be used to spam someone.
    perEmailCooldownSeconds: 60,
    perEmailPerHour: 5,
    // Per client IP: sign-in requests (and resends) per 10 minutes. A person needs two or three;
    // an office behind one NAT rarely needs more than ten in ten minutes.
    perIpPer10Minutes: 10,
    // Whole deployment: a ceiling on sends per minute that protects the email account's reputation.
    globalPerMinute: 120,
    // Every sign-in request answers no sooner than this process's recent sends took, so a
    // throttled request, which sends nothing, is not faster than a sent one (see
    // lib/auth/response-padding.ts). Until a process has timed its own sends it assumes this: a
    // slow provider call (Resend typically answers in 100–400 ms) with margin.
    assumedSendMs: 800,
  },
  // Per client IP: code checks per 10 minutes. Five tries per challenge already bound guessing;
  // this stops one client from spraying guesses at many challenges.
  codeChecksPerIpPer10Minutes: 30,
  // Per client IP: failed links (made up, used, expired) recorded in auth_events per 10 minutes.
  // A token cannot be guessed, so failures are not refused; past this they go unrecorded (one
  // "throttled" event says so), or one client could fill the table at line rate.
  recordedLinkFailuresPerIpPer10Minutes: 30,
  // An IPv6 client is its /64; the /56 and the /48 around it are allowed 3× and 10× the per-IP
  // limits above, so rotating through the /64s of a household or a free tunnel-broker /48 buys
  // little (lib/auth/ip-network.ts).
  ipv6WiderNetworkAllowance: [3, 10],
  session: {
    cookieName: "sesame_session",
    // Absolute lifetime: even an active session must prove the email again after this.
    absoluteLifetimeDays: 30,
    // Idle timeout: a session unused this long is over.
    idleTimeoutDays: 7,
    // "Last active" is written at most this often, so busy pages do not write on every request.
    touchIntervalMinutes: 5,
    // Email "New sign-in to your <app> account" when a session starts on a kind of device
    // (browser and OS) the user has not signed in from before: the one signal a person gets that
    // someone else has their mailbox. Never sent for an account's first sign-in.
    newDeviceAlert: true,
  },
  cleanup: {
    // Hours a challenge is kept past its expiry. The per-email limits are counted from these rows:
    // the hourly send cap, and the 20 wrong codes per 24 h, summed from the code attempts of the
    // address's challenges created in the last 24 h (redeem-code.ts). So never lower this below
    // 24: a row deleted sooner takes its wrong codes with it and the daily budget silently grows.
    // (A challenge expires at least a second after it is created, so a row kept 24 h past its
    // expiry outlives the 24 h it is counted in.) And a late click on a used link should say
    // "already used", not "invalid".
    challengeRetentionHours: 24,
    // Rate-limit windows are read for two windows' length (the sliding estimate weighs the
    // previous window too), and the longest window is 10 minutes (limits.ts): 48 h is ample.
    // retention.test.ts pins both bounds. Ended sessions are deleted at once: nothing reads them.
    rateLimitRetentionHours: 48,
    // The audit trail is kept 90 days: long enough to look into a takeover that someone notices
    // weeks later, short enough that client IPs (personal data) are not kept for ever.
    eventRetentionDays: 90,
    // Each app instance also cleans up after a sign-in, at most this often.
    inAppIntervalMinutes: 60,
  },
  // Where people land after signing in when no valid `next` was given.
  defaultNextPath: "/account",
} as const;
