import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

// A user exists once an email address has been proven by redeeming a challenge ("open" sign-up),
// or once it was invited with `npm run users:invite` (invite-only; see lib/auth/config.ts).
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  createdAt: createdAt(),
});

// One email = one challenge holding two independent secrets: a link token and a 6-digit code.
// Neither is stored: the token as SHA-256, the code as HMAC-SHA-256(server key, id ‖ code).
export const signInChallenges = pgTable(
  "sign_in_challenges",
  {
    id: uuid("id").primaryKey(),
    email: text("email").notNull(),
    // What the send limits count: the mailbox the email lands in (lib/auth/email-address.ts,
    // mailboxKey), so `jane+1@` and `jane+2@` share one inbox's budget. Never an identity.
    mailbox: text("mailbox").notNull(),
    // SHA-256 of the device id of the browser that asked (lib/auth/cookies.ts, deviceCookie): a
    // request supersedes only its own device's challenges, and limits are counted per device.
    deviceHash: text("device_hash"),
    // Whether that device had signed in to this address before: its sends and wrong codes are
    // counted apart from everyone else's, so strangers cannot use up its budget.
    knownDevice: boolean("known_device").notNull().default(false),
    tokenHash: text("token_hash").notNull().unique(),
    codeHash: text("code_hash"),
    codeAttempts: integer("code_attempts").notNull().default(0),
    nextPath: text("next_path").notNull(),
    createdAt: createdAt(),
    // Decided by the database clock (now() + lifetime) so app servers' clocks cannot disagree.
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    // Set once, when the challenge stops being usable; the reason tells the user why.
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason").$type<EndedStatus>(),
  },
  (t) => [
    index("sign_in_challenges_email_created_idx").on(t.email, t.createdAt),
    index("sign_in_challenges_mailbox_created_idx").on(t.mailbox, t.createdAt),
    // Cleanup deletes by expiry; every challenge has expired long before it is deleted.
    index("sign_in_challenges_expires_at_idx").on(t.expiresAt),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the session id sealed in the cookie: a database reader cannot forge a cookie.
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    userAgent: text("user_agent").notNull().default(""),
    // How it signed in (the device list says so; adding a passkey needs a recent email sign-in).
    // Null for sessions started before this column existed.
    method: text("method").$type<SignInMethod>(),
  },
  (t) => [
    // The device list and "sign out other devices" read a user's sessions.
    index("sessions_user_id_idx").on(t.userId),
    // Cleanup deletes by absolute expiry (revocation also sets it) and by idle time. Last-seen
    // is written at most every few minutes, so indexing it costs little.
    index("sessions_expires_at_idx").on(t.expiresAt),
    index("sessions_last_seen_at_idx").on(t.lastSeenAt),
  ],
);

// The devices (by the SHA-256 of their device id cookie) each user has signed in from: a
// sign-in from a new one is announced by email, and a known device's sign-ins are never refused
// for what other devices did to the address. `device` names it ("Chrome on macOS") for people.
// Kept apart from `sessions`, which cleanup empties.
export const knownDevices = pgTable(
  "known_devices",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deviceHash: text("device_hash").notNull(),
    device: text("device").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceHash] })],
);

// A person's passkeys (WebAuthn credentials), verified by @simplewebauthn/server. Only the public
// key is stored. Deleting the user deletes them; signing out everywhere keeps them.
export const passkeys = pgTable(
  "passkeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // base64url, as the browser reports it; a sign-in looks its passkey up by this alone
    // (discoverable credentials: no username first).
    credentialId: text("credential_id").notNull().unique(),
    // COSE public key, base64url.
    publicKey: text("public_key").notNull(),
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: text("transports")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // "singleDevice" or "multiDevice" (synced): only a single-device counter must always grow.
    deviceType: text("device_type").$type<"singleDevice" | "multiDevice">().notNull(),
    backedUp: boolean("backed_up").notNull(),
    aaguid: text("aaguid").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("passkeys_user_id_idx").on(t.userId)],
);

// One WebAuthn ceremony's challenge: 32 random bytes, stored as their SHA-256, single use
// (consumed by one conditional UPDATE), five minutes, named only by the sealed cookie of the
// browser that asked. `userId`: the account a registration is for (null for a sign-in).
export const passkeyChallenges = pgTable(
  "passkey_challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challengeHash: text("challenge_hash").notNull(),
    purpose: text("purpose").$type<"register" | "sign_in">().notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  // Cleanup deletes by expiry.
  (t) => [index("passkey_challenges_expires_at_idx").on(t.expiresAt)],
);

// Rate-limit counters shared by every app instance (per IP, global caps), one row per key
// and fixed window; lib/auth/throttle.ts slides over the last two windows.
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.windowStart] }),
    // Cleanup deletes windows long past.
    index("rate_limits_window_start_idx").on(t.windowStart),
  ],
);

// Audit trail of every auth event. Emails are masked; no secret is ever written here.
export const authEvents = pgTable(
  "auth_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text("type").$type<AuthEventType>().notNull(),
    emailMasked: text("email_masked"),
    userId: uuid("user_id"),
    challengeId: uuid("challenge_id"),
    ip: text("ip"),
    detail: text("detail"),
    at: timestamp("at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  // Cleanup deletes events past their retention (authConfig.cleanup.eventRetentionDays) by `at`.
  (t) => [index("auth_events_at_idx").on(t.at)],
);

// What a challenge is now: the one vocabulary of the column below, lib/auth, /verify, the code
// form and the error page (app/messages.ts says each in words). "invalid": no challenge matches.
// Stored in end_reason once a challenge ends:
// "used": redeemed by its link or its code. "superseded": a newer email was sent to the address.
// "burned": too many wrong codes. "send_failed": its email could not be sent.
// "no_account": redeemed in invite-only mode by an address that has no account; nobody was
// signed in. "cancelled": the account signed out everywhere while the email was on its way.
export const ENDED_STATUSES = ["used", "superseded", "burned", "send_failed", "no_account", "cancelled"] as const;
export type EndedStatus = (typeof ENDED_STATUSES)[number];
export type ChallengeStatus = "live" | "expired" | "invalid" | EndedStatus;
export type AuthEventType =
  | "requested"
  | "sent"
  | "send_failed"
  | "throttled"
  | "redeemed_link"
  | "redeemed_code"
  // detail: "wrong" (a code compared and wrong), or why nothing was compared ("burned",
  // "expired", "used", "invalid", "no_account").
  | "code_failed"
  // A link that signed nobody in; detail is its ChallengeStatus.
  | "link_failed"
  | "signed_out"
  // Invite-only: an address with no account asked to sign in (and was emailed so), or, should it
  // ever happen, redeemed a challenge; `detail` says which.
  | "no_account"
  // `npm run users:invite` added the address.
  | "invited"
  // A session started without an email; detail is the method ("passkey").
  | "signed_in"
  | "passkey_added"
  | "passkey_removed"
  // A passkey that signed nobody in (or added none); detail says why (a PasskeyFailure).
  | "passkey_failed";

// How a session signed in: by the emailed link, its code, or a passkey.
export type SignInMethod = "link" | "code" | "passkey";

export type User = typeof users.$inferSelect;
export type SignInChallenge = typeof signInChallenges.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Passkey = typeof passkeys.$inferSelect;
