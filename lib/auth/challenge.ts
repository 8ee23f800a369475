import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { db, type Db, type Tx } from "@/db";
import { ENDED_STATUSES, signInChallenges, type ChallengeStatus, type EndedStatus } from "@/db/schema";
import { bestEffort } from "@/lib/db-unavailable";
import { env } from "@/lib/env";
import { findUserId } from "./account";
import { authConfig, type SignUpMode } from "./config";
import { isKnownDevice } from "./device";
import { mailboxKey, maskEmail } from "./email-address";
import { recordEvent } from "./events";
import { hitLimits, hitSendCaps, limits, type Throttle } from "./throttle";
import { hashCode, newCode, newLinkToken, sha256 } from "./tokens";

// A challenge is one email's worth of proof: a link token and a 6-digit code, both stored hashed.
// This file issues challenges and says what one is now; redeem.ts consumes them.
export type { ChallengeStatus };
export type DeadStatus = Exclude<ChallengeStatus, "live">;

// A challenge for an address that may sign in carries a link token and a code to email. In
// invite-only mode an address with no account gets a "no-account" challenge instead (see below).
export type IssuedChallenge =
  { kind: "sign-in"; id: string; token: string; code: string } | { kind: "no-account"; id: string };
export type IssueResult =
  { ok: true; challenge: IssuedChallenge } | ({ ok: false; reason: "throttled" } & Throttle<"email" | "global">);

// What a link is now. id, email and where it led whenever the token matched a challenge.
export type LinkState = { status: "live"; id: string; email: string; nextPath: string } | DeadLink;
export type DeadLink = { status: DeadStatus; id?: string; email?: string; nextPath?: string };

const secondsFromNow = (n: number) => sql`now() + make_interval(secs => ${n})`;

// Held until the transaction ends; every per-email count that decides something is read under it.
export async function lockEmail(tx: Tx, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sesame:email:${email}`}))`);
}

// The same for a mailbox's send counts. Taken before the email's lock, never after it.
async function lockMailbox(tx: Tx, mailbox: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sesame:mailbox:${mailbox}`}))`);
}

// Who asks: the address, where to go after, the client's IP and the requesting browser's device
// id (cookies.ts), which decides what this request supersedes and whose limits it counts against.
export type ChallengeRequest = { email: string; nextPath: string; ip: string; deviceId: string };

// Issues a link + code for an email. In "open" mode no user lookup happens here: every address
// gets the same treatment, so the response cannot tell known from unknown emails. (Whether this
// device is known for the address is looked up for every address alike, and changes nothing a
// device new to the address can see.)
export async function issueChallenge(
  input: ChallengeRequest,
  { signUp = env().signUp }: { signUp?: SignUpMode } = {},
): Promise<IssueResult> {
  const { email, nextPath, ip } = input;
  const mailbox = mailboxKey(email);
  const deviceHash = sha256(input.deviceId);
  return db().transaction(async (tx) => {
    // Serialises requests for one inbox and one email so the limits and "supersede" cannot race.
    await lockMailbox(tx, mailbox);
    await lockEmail(tx, email);
    const knownDevice = await isKnownDevice(tx, email, deviceHash);
    const wait = await sendWait(tx, { mailbox, deviceHash, knownDevice });
    if (wait > 0) {
      await recordEvent(tx, { type: "throttled", email, ip, detail: "per-email" });
      return { ok: false, reason: "throttled", limit: "email", retryAfterSeconds: wait };
    }
    // Counted only for challenges that will really be sent, so throttled requests for one
    // address cannot use up everyone's budget. A no-account email is sent too, so it counts.
    const global = await hitSendCaps(tx, ip);
    if (!global.ok) {
      const detail = global.shared ? "global-share" : "global";
      warnGlobalCapOnce(email, detail);
      await recordEvent(tx, { type: "throttled", email, ip, detail });
      return { ok: false, reason: "throttled", limit: "global", retryAfterSeconds: global.retryAfterSeconds };
    }
    // Only this device's own earlier requests: another browser's request (a stranger typing this
    // address) must never end the link and code the owner is about to use.
    await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "superseded" })
      .where(
        and(
          eq(signInChallenges.email, email),
          eq(signInChallenges.deviceHash, deviceHash),
          isNull(signInChallenges.endedAt),
        ),
      );
    const id = randomUUID();
    const maySignIn = signUp === "open" || (await findUserId(tx, email)) !== null;
    const challenge: IssuedChallenge = maySignIn
      ? { kind: "sign-in", id, token: newLinkToken(), code: newCode() }
      : { kind: "no-account", id };
    await tx.insert(signInChallenges).values({
      id,
      email,
      mailbox,
      deviceHash,
      knownDevice,
      ...storedSecrets(challenge),
      nextPath,
      expiresAt: secondsFromNow(env().linkLifetimeSeconds),
      // Never outlives the link: lib/env caps it, and the email states the same number.
      codeExpiresAt: secondsFromNow(env().codeLifetimeSeconds),
    });
    await recordEvent(tx, { type: "requested", email, ip, challengeId: id });
    return { ok: true, challenge };
  });
}

// Invite-only, address with no account: the row is still written, live, because everything an
// outsider can observe is computed from these rows: the per-email cooldown and hourly cap, the
// resend countdown on the check-email page, and the code form's answers ("That code isn't right,
// 4 tries left", then burned after 5, the daily per-email budget). Without a row, or with one
// ended at once, those would differ from a member's and tell the two apart. But it holds no
// secret: the token hash is not a SHA-256 (64 hex digits), so no link can ever match it, and
// there is no code hash, so every code is wrong. Nothing is emailed that could sign in.
function storedSecrets(challenge: IssuedChallenge): { tokenHash: string; codeHash: string | null } {
  if (challenge.kind === "no-account") return { tokenHash: `no-account:${challenge.id}`, codeHash: null };
  return { tokenHash: sha256(challenge.token), codeHash: hashCode(challenge.id, challenge.code) };
}

// Seconds until this device may be sent another challenge for this address (0 = now), for the
// check-email page's countdown. A browser without a device id (a page cannot set one) has asked
// for nothing yet, so only the new-device ceiling can hold it.
export async function secondsUntilNextSend(tx: Db | Tx, email: string, deviceId: string | null): Promise<number> {
  const deviceHash = deviceId === null ? "none" : sha256(deviceId);
  const knownDevice = await isKnownDevice(tx, email, deviceHash);
  return sendWait(tx, { mailbox: mailboxKey(email), deviceHash, knownDevice });
}

// Counted from the challenges themselves, per mailbox: this device's own (1 per cooldown, 5 an
// hour), and, for a device new to the address, all new devices' together (10 an hour, the
// inbox-flooding ceiling). A known device is never held by the second: whatever strangers asked
// for, the owner's browser gets its email. A challenge whose send failed does not count: nobody
// received anything, and the per-IP and global caps still bound the retries.
async function sendWait(
  tx: Db | Tx,
  who: { mailbox: string; deviceHash: string; knownDevice: boolean },
): Promise<number> {
  const { perDeviceCooldownSeconds: cooldown, perDevicePerHour, perMailboxPerHourFromNewDevices } = authConfig.sends;
  const mine = sql`${signInChallenges.deviceHash} = ${who.deviceHash}`;
  const strangers = sql`not ${signInChallenges.knownDevice}`;
  const [row] = await tx
    .select({
      lastWait: sql<number>`coalesce(ceil(${cooldown} - extract(epoch from now() - max(${signInChallenges.createdAt}) filter (where ${mine}))), 0)::int`,
      mine: sql<number>`(count(*) filter (where ${mine}))::int`,
      mineWait: sql<number>`coalesce(ceil(3600 - extract(epoch from now() - min(${signInChallenges.createdAt}) filter (where ${mine}))), 0)::int`,
      strangers: sql<number>`(count(*) filter (where ${strangers}))::int`,
      // When the oldest of the last `ceiling` new-device sends leaves the hour.
      strangersWait: sql<number>`coalesce(ceil(3600 - extract(epoch from now() - (array_agg(${signInChallenges.createdAt} order by ${signInChallenges.createdAt} desc) filter (where ${strangers}))[${sql.raw(String(perMailboxPerHourFromNewDevices))}])), 0)::int`,
    })
    .from(signInChallenges)
    .where(
      and(
        eq(signInChallenges.mailbox, who.mailbox),
        gt(signInChallenges.createdAt, sql`now() - interval '1 hour'`),
        sql`${signInChallenges.endReason} is distinct from 'send_failed'`,
      ),
    );
  if (!row) return 0;
  const waits = [Math.max(0, row.lastWait)];
  if (row.mine >= perDevicePerHour) waits.push(Math.max(1, row.mineWait));
  if (!who.knownDevice && row.strangers >= perMailboxPerHourFromNewDevices) waits.push(Math.max(1, row.strangersWait));
  return Math.max(...waits);
}

// When the deployment's send cap refuses, say so in the log once a minute per process (an alert
// for whoever runs it), without the address in full.
let warnedWindow = -1;
function warnGlobalCapOnce(email: string, detail: string): void {
  const window = Math.floor(Date.now() / 60_000);
  if (window === warnedWindow) return;
  warnedWindow = window;
  console.warn(`Global send cap reached (${detail}): refused a send to ${maskEmail(email)}; see auth_events.`);
}

// A challenge whose email could not be sent must not stay usable. The challenges it superseded
// come back: their email was delivered, so a failed "Send again" (the provider down for a
// minute) must not also take away the link and code the person already has. They are the ones
// ended at this challenge's creation (one transaction's now()). Under the per-email lock, and
// only if this one was still live, so it is the newest: a later request would have ended it.
export async function endChallengeAfterSendFailure(id: string, detail: string): Promise<void> {
  await db().transaction(async (tx) => {
    const [challenge] = await tx
      .select({ email: signInChallenges.email })
      .from(signInChallenges)
      .where(eq(signInChallenges.id, id));
    if (!challenge) return;
    const { email } = challenge;
    await lockEmail(tx, email);
    const [failed] = await tx
      .update(signInChallenges)
      .set({ endedAt: sql`now()`, endReason: "send_failed" })
      .where(and(eq(signInChallenges.id, id), isNull(signInChallenges.endedAt)))
      .returning({ id: signInChallenges.id });
    if (failed) {
      await tx
        .update(signInChallenges)
        .set({ endedAt: null, endReason: null })
        .where(
          and(
            eq(signInChallenges.email, email),
            eq(signInChallenges.endReason, "superseded"),
            sql`${signInChallenges.endedAt} = (select ${signInChallenges.createdAt} from ${signInChallenges} where ${signInChallenges.id} = ${id})`,
          ),
        );
    }
    await recordEvent(tx, { type: "send_failed", email, challengeId: id, detail });
  });
}

// Reads a link without consuming anything: all a mail scanner's GET, the confirm page and a failed
// redemption may do. Given the client's `ip`, a dead link is also recorded as a failed sign-in.
export async function readLink(token: string, ip?: string): Promise<LinkState> {
  const link = await findLink(token);
  if (ip !== undefined && link.status !== "live") await recordLinkFailure(link, ip);
  return link;
}

async function findLink(token: string): Promise<LinkState> {
  const [row] = await db()
    .select({
      id: signInChallenges.id,
      email: signInChallenges.email,
      nextPath: signInChallenges.nextPath,
      endReason: signInChallenges.endReason,
      expired: sql<boolean>`${signInChallenges.expiresAt} <= now()`,
      attempts: signInChallenges.codeAttempts,
    })
    .from(signInChallenges)
    .where(eq(signInChallenges.tokenHash, sha256(token)));
  if (!row) return { status: "invalid" };
  const { id, email, nextPath } = row;
  const status = challengeStatus(row);
  if (status === "live") return { status, id, email, nextPath };
  return { status, id, email, nextPath };
}

// The one reading of a challenge row: ended (and why), expired, or live. `expired` is the link's
// or the code's expiry, whichever the caller is about.
export function challengeStatus(row: {
  endReason: EndedStatus | null;
  expired: boolean;
  attempts: number;
}): ChallengeStatus {
  if (row.endReason !== null) return ENDED_STATUSES.includes(row.endReason) ? row.endReason : "invalid";
  // Out of code tries but not marked burned (the burn is a statement of its own after the last
  // wrong guess, and may have failed): dead all the same, link included.
  if (row.attempts >= authConfig.maxCodeAttempts) return "burned";
  return row.expired ? "expired" : "live";
}

// A link that signed nobody in (replayed, expired, guessed): the audit trail's "failed", a few
// dozen per client network per 10 minutes (config.ts). Best effort: the answer is already
// decided, and a failed write must not turn "this link was already used" into an error page.
export async function recordLinkFailure(link: DeadLink, ip: string): Promise<void> {
  await bestEffort("Recording a failed link", async () => {
    const counted = await hitLimits(db(), limits.linkFailuresPerIp(ip));
    if (counted.ok) {
      await recordEvent(db(), {
        type: "link_failed",
        email: link.email,
        challengeId: link.id,
        ip,
        detail: link.status,
      });
    } else if (counted.recordable) {
      await recordEvent(db(), { type: "throttled", ip, detail: "link-failures-per-ip" });
    }
  });
}
