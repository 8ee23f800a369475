import "server-only";
import { and, desc, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db, type Db, type Tx } from "@/db";
import { sessions, signInChallenges, users, type SignInMethod } from "@/db/schema";
import { cleanupOccasionally } from "@/lib/cleanup";
import { bestEffort, redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { loginPath } from "@/lib/routes";
import { lockEmail } from "./challenge";
import { authConfig } from "./config";
import { bindingCookie, pendingLinkCookie, sessionCookie } from "./cookies";
import { describeDevice, sendNewSignInAlert, type DeviceKind } from "./device";
import { recordEvent } from "./events";
import { requestPath, type ClientMeta } from "./http";
import { newSessionId, sha256 } from "./tokens";

// A session: a `sessions` row (keyed by the SHA-256 of the id sealed in the cookie) that every
// request checks, so sign-out and revocation take effect on the very next request. Started in
// the redeeming transaction (redeem.ts); the cookie is set only after it committed.

const { absoluteLifetimeSeconds, idleTimeoutSeconds, touchIntervalSeconds } = authConfig.session;

// A redemption that signed someone in.
export type SignedIn = {
  ok: true;
  sid: string;
  userId: string;
  email: string;
  nextPath: string;
  // First sign-in to this account: just created, or invited and never signed in before.
  newUser: boolean;
  // First sign-in from this device (its device id cookie) for this user.
  newDevice: boolean;
  // How it signed in (the new-sign-in alert says so).
  method: SignInMethod;
};

export type ActiveSession = { id: string; userId: string; email: string };

// A fresh id on every sign-in: a cookie planted before sign-in is never upgraded (no fixation).
// `sid` is drawn when the sign-in began, in the sealed cookie that carried it (cookies.ts).
// `method`: how it signed in (the device list shows it; passkey.ts asks for a recent email one).
export async function startSession(
  tx: Tx,
  userId: string,
  userAgent: string,
  sid = newSessionId(),
  method?: SignInMethod,
): Promise<string> {
  await tx.insert(sessions).values({
    id: sha256(sid),
    userId,
    userAgent: userAgent.slice(0, 512),
    method,
    expiresAt: sql`now() + make_interval(secs => ${absoluteLifetimeSeconds})`,
  });
  return sid;
}

// What makes a session row live: not revoked, within its absolute lifetime, not idle. Decided by
// the database clock, so re-sealing the cookie can never extend a session. The per-request check,
// the device list and every sign-out use this one rule.
export const liveSession = (): SQL =>
  and(
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idleTimeoutSeconds})`),
  )!;

// One primary-key read per request (db/index-plans.test.ts EXPLAINs this query).
export function selectActiveSession(id: string) {
  return db()
    .select({
      userId: sessions.userId,
      email: users.email,
      stale: sql<boolean>`${sessions.lastSeenAt} < now() - make_interval(secs => ${touchIntervalSeconds})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), liveSession()));
}

export async function findActiveSession(sid: string, uid: string): Promise<ActiveSession | null> {
  const id = sha256(sid);
  const [row] = await selectActiveSession(id);
  if (!row || row.userId !== uid) return null;
  if (row.stale) {
    await db()
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, id));
  }
  return { id, userId: row.userId, email: row.email };
}

// This browser's session, checked against its row (once per render), or null.
export const getCurrentSession = cache(async (): Promise<ActiveSession | null> => {
  const sealed = await sessionCookie.read();
  if (!sealed) return null;
  // Database down: the 503 page, never a page rendered as signed out (or in).
  return findActiveSession(sealed.sid, sealed.uid).catch(redirectIfDbUnavailable);
});

// Whether this browser holds a live session (for `email`, if given). Database errors are the
// caller's to answer.
export async function holdsSession(email?: string): Promise<boolean> {
  const sealed = await sessionCookie.read();
  if (!sealed) return false;
  const session = await findActiveSession(sealed.sid, sealed.uid);
  return session !== null && (email === undefined || session.email === email);
}

// Signed out: off to sign in, and back to `path` afterwards. By default the page's own path and
// query as proxy.ts saw them, so a new page needs no argument, and a query or dynamic segment
// is never lost. The login page and the sign-in action check `next` (safeNextPath).
export async function requireSession(path?: string): Promise<ActiveSession> {
  const session = await getCurrentSession();
  if (!session) redirect(loginPath(path ?? (await requestPath()) ?? authConfig.defaultNextPath));
  return session;
}

// The one way a redemption becomes a signed-in browser, for the link route and the code action.
// Called only after the redeeming transaction committed.
export async function finishSignIn(signedIn: SignedIn, meta: ClientMeta): Promise<void> {
  const replaced = await sessionCookie.read();
  await setSignedInCookies(signedIn);
  // A browser already signed in (it confirmed a link sent from elsewhere) holds one session at a
  // time: the one its cookie pointed to is ended, not left running for any copy of that cookie.
  // The new session stands either way.
  if (replaced && replaced.sid !== signedIn.sid) {
    await bestEffort("Ending the session this sign-in replaced", () => endReplacedSession(replaced, meta.ip));
  }
  // After the response is sent: neither a slow email API nor cleanup delays or breaks sign-in.
  after(async () => {
    try {
      await sendNewSignInAlert(signedIn, meta);
    } catch (error) {
      console.error(`New sign-in alert failed: ${(error as Error).name}`);
    }
    await cleanupOccasionally(db());
  });
}

// The session cookie, and the sign-in's own cookies gone. Only after the redeeming commit.
export async function setSignedInCookies(signedIn: Pick<SignedIn, "sid" | "userId">): Promise<void> {
  await sessionCookie.write({ sid: signedIn.sid, uid: signedIn.userId });
  await bindingCookie.clear();
  await pendingLinkCookie.clear();
}

export type ListedSession = {
  // sessions.id: SHA-256 of the cookie's sid. Safe in a form: it cannot be turned into a cookie.
  id: string;
  device: string;
  kind: DeviceKind;
  model: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
  method: SignInMethod | null;
};

// The live-session rule, for a user's whole set of sessions.
const liveOf = (userId: string): SQL => and(eq(sessions.userId, userId), liveSession())!;

// Read through sessions_user_id_idx. The current session comes first, then the most recent.
export async function listUserSessions(userId: string, currentId: string): Promise<ListedSession[]> {
  const rows = await db()
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      method: sessions.method,
    })
    .from(sessions)
    .where(liveOf(userId))
    .orderBy(desc(sessions.lastSeenAt));
  return rows
    .map(({ userAgent, ...row }) => ({ ...row, ...describeDevice(userAgent), current: row.id === currentId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

export type SignOutScope = { kind: "this" | "others" | "everywhere" } | { kind: "one"; id: string };

// What every sign-out form does: end the chosen sessions of the signed-in user and record one
// `signed_out` event (masked email, how many ended). Returns how many sessions ended. One
// transaction: if the event cannot be written, no session ends either, so the 503 page's
// "nothing was changed" stays true and the audit trail misses no sign-out. Every revocation
// names the user, so a session id from a form can only end that user's own sessions.
export async function signOutSessions(actor: ActiveSession, scope: SignOutScope, ip: string): Promise<number> {
  return db().transaction(async (tx) => {
    // The requester's session was checked when its request began; another device may have
    // ended it since. Re-checked under a per-user lock that every sign-out form takes, so a
    // session signed out a moment ago cannot still sign the others out.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sesame:sessions:${actor.userId}`}))`);
    if (!(await isLive(tx, actor.id))) return 0;
    const which =
      scope.kind === "one"
        ? eq(sessions.id, scope.id)
        : scope.kind === "others"
          ? ne(sessions.id, actor.id)
          : scope.kind === "everywhere"
            ? undefined
            : eq(sessions.id, actor.id);
    // "Everywhere" is what a person presses when someone else may be in: a link or code already
    // in the mail would let them back in, so those end too, and first, under the per-email lock
    // that code checks take. A redemption that claimed its challenge before this holds that row
    // until it commits, so the cancel waits for it, and the revocation below (a fresh snapshot)
    // then sees its session and ends it; one that comes later finds its challenge cancelled.
    // Revoking first let a redemption committing in between keep its session.
    if (scope.kind === "everywhere") {
      await lockEmail(tx, actor.email);
      await cancelLiveChallenges(tx, actor.email);
    }
    const ended = await revokeSessions(tx, actor.userId, which);
    if (ended > 0) {
      const detail = `${scope.kind} (${ended})`;
      await recordEvent(tx, { type: "signed_out", userId: actor.userId, email: actor.email, ip, detail });
    }
    return ended;
  });
}

// The session a new sign-in in the same browser replaced (its sealed cookie's ids): ended and
// recorded like a sign-out, in one transaction, by user id only (the cookie holds no email, and
// a lookup for the log is not worth a query). Returns how many sessions ended (0: it had ended
// already).
export async function endReplacedSession(replaced: { sid: string; uid: string }, ip: string): Promise<number> {
  return db().transaction(async (tx) => {
    const ended = await revokeSessions(tx, replaced.uid, eq(sessions.id, sha256(replaced.sid)));
    if (ended > 0) await recordEvent(tx, { type: "signed_out", userId: replaced.uid, ip, detail: "replaced (1)" });
    return ended;
  });
}

// Revocation also ends the absolute lifetime now, so cleanup finds revoked rows through the
// expires_at index.
export const revokedNow = { revokedAt: sql`now()`, expiresAt: sql`least(${sessions.expiresAt}, now())` };

// Ends the user's live sessions that `which` picks (all of them without it).
export async function revokeSessions(on: Db | Tx, userId: string, which?: SQL): Promise<number> {
  const ended = await on
    .update(sessions)
    .set(revokedNow)
    .where(and(liveOf(userId), which))
    .returning({ id: sessions.id });
  return ended.length;
}

async function isLive(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, id), liveSession()));
  return Boolean(row);
}

async function cancelLiveChallenges(tx: Tx, email: string): Promise<void> {
  await tx
    .update(signInChallenges)
    .set({ endedAt: sql`now()`, endReason: "cancelled" })
    .where(
      and(
        eq(signInChallenges.email, email),
        isNull(signInChallenges.endedAt),
        gt(signInChallenges.expiresAt, sql`now()`),
      ),
    );
}
