import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { db } from "@/db";
import { sessions, users } from "@/db/schema";
import { setSignedInCookies } from "./current-session";
import { sha256 } from "./secrets";
import { liveSession } from "./sessions";

// A second press arrives within a second or two; a minute covers a slow network without leaving
// a standing way back in.
export const RESUME_WINDOW_SECONDS = 60;

// A browser without JavaScript that sends one sign-in twice (the confirm or code button pressed
// twice, a link opened twice at once) keeps only the second answer, which finds the link or
// code used: the first answer, with the session cookie, was dropped. That browser gets the
// session back if it holds the sealed cookie that drew the session's id (cookies.ts), within a
// minute of the sign-in, for the same address. The caller has checked that it also presented
// the same link or the right code. Nobody else can: another browser with the same link holds a
// cookie of its own, and an id drawn by this server cannot be read out of a seal.
export async function resumeSignIn(sid: string, email: string): Promise<boolean> {
  const [row] = await db()
    .select({ userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sha256(sid)),
        liveSession(),
        eq(users.email, email),
        gt(sessions.createdAt, sql`now() - make_interval(secs => ${RESUME_WINDOW_SECONDS})`),
      ),
    );
  if (!row) return false;
  await setSignedInCookies({ sid, userId: row.userId });
  return true;
}
