import { routes } from "../routes";

// Product knobs in one place, every duration in seconds. Each default carries the reason for its
// number; the numbers are the project's security rules (docs/security.md lists the tests that pin
// them). Pure (no server-only): next.config.ts and the scripts read it too. Environment variables
// override a few of these per deployment, in one place: lib/env.ts.
export type SignUpMode = "open" | "invite-only";
export type Method = "code" | "link";
export type DeviceKind = "phone" | "tablet" | "computer";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const authConfig = {
  // "open": anyone who proves an email address gets an account. "invite-only": only addresses
  // already in `users` (see `npm run users:invite`) can sign in; anyone else gets an email saying
  // there is no account, and the sign-in page answers exactly as for a member. Open by default:
  // a starter should work for the first person who tries it. SIGN_UP overrides it.
  signUp: "open" as SignUpMode,
  // Which way in the "check your email" page offers first, by device. On a phone or tablet the
  // email usually opens in a mail app whose links land in another browser, so typing the code
  // keeps the sign-in in this one; on a computer the link opens in the default browser, which is
  // usually the one asking. Only a default: a person's own choice (the method cookie) wins.
  defaultMethod: { phone: "code", tablet: "code", computer: "link" } as Record<DeviceKind, Method>,
  // Short enough that a leaked link in a mailbox is soon useless; long enough to switch devices.
  // LINK_LIFETIME_SECONDS may shorten it, never lengthen it.
  linkLifetimeSeconds: 15 * MINUTE,
  // Codes are guessable in principle (10⁶), so they live shorter than links.
  // CODE_LIFETIME_SECONDS may shorten it; a code never outlives its link.
  codeLifetimeSeconds: 10 * MINUTE,
  // Wrong code guesses before a challenge is burned: 5 guesses of 10⁶ is a 1 in 200,000 chance.
  maxCodeAttempts: 5,
  // Failed code entries per email in any 24 hours (sliding), across resends, so re-requesting
  // cannot buy guesses: 20 guesses of 10⁶ a day is a 1 in 50,000 chance per day. Counted for all
  // devices new to the address together (an attacker mints browsers freely), and apart for each
  // known device, which strangers' wrong codes never hold up (redeem.ts).
  maxCodeFailuresPerEmailPerDay: 20,
  sends: {
    // Per mailbox and requesting browser (its device id, cookies.ts): one email per minute, five
    // per hour. Counted per device so that a stranger's requests never hold up the owner's.
    perDeviceCooldownSeconds: MINUTE,
    perDevicePerHour: 5,
    // Per mailbox, from every device that has not signed in to the address before, together:
    // the inbox-flooding ceiling. Ten an hour is two devices' worth, so a person on a new phone
    // after a few tries on a laptop still gets through, and an attacker with any number of
    // browsers and networks can put at most ten unwanted emails an hour in someone's inbox. A
    // known device is not held by it (its own limits above still apply): a stranger cannot use
    // it up against the owner's own browser.
    perMailboxPerHourFromNewDevices: 10,
    // Per client IP: sign-in requests (and resends) per 10 minutes. A person needs two or three;
    // an office behind one NAT rarely needs more than ten in ten minutes.
    perIpPer10Minutes: 10,
    // Whole deployment: a ceiling on sends per minute that protects the email account's
    // reputation. GLOBAL_SENDS_PER_MINUTE overrides it.
    globalPerMinute: 120,
    // Past this share of the global cap, each client network (an IPv4 /24, an IPv6 /48) may send
    // at most `globalSharePerNetwork` of the cap per minute: one flooding network then takes
    // 60 + 12 sends a minute at most and leaves the rest to everyone else, instead of using up
    // the cap and refusing the whole deployment. Below it nobody is held back (a university
    // behind one /24 asking at once is normal).
    globalFairShareFrom: 0.5,
    globalSharePerNetwork: 0.1,
    // Every sign-in request answers no sooner than this process's recent sends took, so a
    // throttled request, which sends nothing, is not faster than a sent one (sign-in.ts). Until a
    // process has timed its own sends it assumes this: a slow provider call (Resend typically
    // answers in 100–400 ms) with margin. Milliseconds: it is a timing, not a lifetime.
    assumedSendMs: 800,
    // How long sending one email may take, every attempt, retry and pause included (lib/email.ts).
    // The person waits on the page meanwhile, so it stays well under 10 s.
    deadlineMs: 8_000,
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
  // little (throttle.ts).
  ipv6WiderNetworkAllowance: [3, 10],
  session: {
    // Absolute lifetime: even an active session must prove the email again after this.
    absoluteLifetimeSeconds: 30 * DAY,
    // Idle timeout: a session unused this long is over.
    idleTimeoutSeconds: 7 * DAY,
    // "Last active" is written at most this often, so busy pages do not write on every request.
    touchIntervalSeconds: 5 * MINUTE,
    // Email "New sign-in to your <app> account" when a session starts on a device (its device id
    // cookie, not its User-Agent, which anyone can copy) the user has not signed in from before:
    // the one signal a person gets that someone else has their mailbox. Never sent for an
    // account's first sign-in.
    newDeviceAlert: true,
  },
  // How long a browser keeps its device id (cookies.ts): the longest lifetime browsers allow a
  // cookie (Chrome caps it at 400 days). Renewed at every sign-in, so a device in use stays known.
  deviceCookieSeconds: 400 * DAY,
  passkey: {
    // A WebAuthn ceremony takes seconds (a fingerprint, a face); five minutes leaves room for a
    // slow password manager without leaving a challenge lying around.
    challengeLifetimeSeconds: 5 * MINUTE,
    // Adding a passkey needs a session started by an email sign-in this recently: a session
    // cookie copied off a machine later cannot plant a lasting way in.
    recentEmailProofSeconds: 10 * MINUTE,
    // Per client IP: passkey sign-in attempts per 10 minutes, as code checks. A signature cannot
    // be guessed; this only stops one client from making the server verify at line rate.
    signInsPerIpPer10Minutes: 30,
    // "Not now" to the offer of a passkey is remembered on that device this long.
    promptDismissSeconds: 30 * DAY,
  },
  // A "which way in" choice is remembered this long (cookies.ts).
  methodCookieSeconds: 365 * DAY,
  // Auth forms carry a few short fields (an email, a 6-digit code, a `next` path of at most 512
  // characters, React's action ids): 16 kB is ample, and a bigger body is refused before any of
  // it is parsed (proxy.ts, next.config.ts).
  maxRequestBodyBytes: 16 * 1024,
  cleanup: {
    // How long a challenge is kept past its expiry. The per-email limits are counted from these
    // rows: the hourly send cap, and the 20 wrong codes per 24 h, summed from the code attempts of
    // the address's challenges created in the last 24 h (redeem.ts). So never lower this below a
    // day: a row deleted sooner takes its wrong codes with it and the daily budget silently grows.
    // And a late click on a used link should say "already used", not "invalid".
    challengeRetentionSeconds: DAY,
    // Rate-limit windows are read for two windows' length (the sliding estimate weighs the
    // previous window too), and the longest window is 10 minutes: 48 h is ample.
    // cleanup.test.ts pins both bounds. Ended sessions are deleted at once: nothing reads them.
    rateLimitRetentionSeconds: 2 * DAY,
    // The audit trail is kept 90 days: long enough to look into a takeover that someone notices
    // weeks later, short enough that client IPs (personal data) are not kept for ever.
    eventRetentionSeconds: 90 * DAY,
    // Each app instance also cleans up after a sign-in, at most this often.
    inAppIntervalSeconds: HOUR,
  },
  // Where people land after signing in when no valid `next` was given.
  defaultNextPath: routes.account as string,
} as const;
