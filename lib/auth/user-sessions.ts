import "server-only";
import { and, desc, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import { db, type Db, type Tx } from "@/db";
import { sessions, signInChallenges } from "@/db/schema";
import { describeDevice, type DeviceKind } from "./device";
import { recordEvent } from "./events";
import { sha256 } from "./secrets";
import { liveSession, revokedNow, type ActiveSession } from "./sessions";

export type ListedSession = {
  // sessions.id: SHA-256 of the cookie's sid. Safe in a form: it cannot be turned into a cookie.
  id: string;
  device: string;
  kind: DeviceKind;
  model: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

// The rule findActiveSession applies, for a user's whole set of sessions.
const live = (userId: string): SQL => and(eq(sessions.userId, userId), liveSession())!;

// Read through sessions_user_id_idx. The current session comes first, then the most recent.
export async function listUserSessions(userId: string, currentId: string): Promise<ListedSession[]> {
  const rows = await db()
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(live(userId))
    .orderBy(desc(sessions.lastSeenAt));
  return rows
    .map(({ userAgent, ...row }) => ({ ...row, ...describeDevice(userAgent), current: row.id === currentId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

// Every revocation names the user, so a session id from a form can only end that user's own
// sessions. Each returns how many sessions it ended; `on` is a transaction when the revocation
// must commit together with its event.
export async function revokeUserSession(userId: string, id: string, on: Db | Tx = db()): Promise<number> {
  return revokeWhere(on, and(live(userId), eq(sessions.id, id))!);
}

export async function revokeOtherSessions(userId: string, keepId: string, on: Db | Tx = db()): Promise<number> {
  return revokeWhere(on, and(live(userId), ne(sessions.id, keepId))!);
}

export async function revokeAllSessions(userId: string, on: Db | Tx = db()): Promise<number> {
  return revokeWhere(on, live(userId));
}

async function revokeWhere(on: Db | Tx, where: SQL): Promise<number> {
  const ended = await on.update(sessions).set(revokedNow).where(where).returning({ id: sessions.id });
  return ended.length;
}

export type SignOutScope = { kind: "this" | "others" | "everywhere" } | { kind: "one"; id: string };

// What every sign-out form does: end the chosen sessions of the signed-in user and record one
// `signed_out` event (masked email, how many ended). Returns how many sessions ended. One
// transaction: if the event cannot be written, no session ends either, so the 503 page's
// "nothing was changed" stays true and the audit trail misses no sign-out.
export async function signOutSessions(actor: ActiveSession, scope: SignOutScope, ip: string): Promise<number> {
  return db().transaction(async (tx) => {
    // The requester's session was checked when its request began; another device may have
    // ended it since. Re-checked under a per-user lock that every sign-out form takes, so a
    // session signed out a moment ago cannot still sign the others out.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sesame:sessions:${actor.userId}`}))`);
    if (!(await isLive(tx, actor.id))) return 0;
    const ended =
      scope.kind === "one"
        ? await revokeUserSession(actor.userId, scope.id, tx)
        : scope.kind === "others"
          ? await revokeOtherSessions(actor.userId, actor.id, tx)
          : scope.kind === "everywhere"
            ? await revokeAllSessions(actor.userId, tx)
            : await revokeUserSession(actor.userId, actor.id, tx);
    // "Everywhere" is what a person presses when someone else may be in: a link or code already
    // in the mail would let them back in, so those end too.
    if (scope.kind === "everywhere") await cancelLiveChallenges(tx, actor.email);
    if (ended > 0) {
      const detail = `${scope.kind} (${ended})`;
      await recordEvent(tx, { type: "signed_out", userId: actor.userId, email: actor.email, ip, detail });
    }
    return ended;
  });
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

async function isLive(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, id), liveSession()));
  return Boolean(row);
}

// The session a new sign-in in the same browser replaced (its sealed cookie's ids): ended and
// recorded like a sign-out, in one transaction, by user id only (the cookie holds no email, and
// a lookup for the log is not worth a query). Returns how many sessions ended (0: it had ended
// already).
export async function endReplacedSession(replaced: { sid: string; uid: string }, ip: string): Promise<number> {
  return db().transaction(async (tx) => {
    const ended = await revokeUserSession(replaced.uid, sha256(replaced.sid), tx);
    if (ended > 0) await recordEvent(tx, { type: "signed_out", userId: replaced.uid, ip, detail: "replaced (1)" });
    return ended;
  });
}
