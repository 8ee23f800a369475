import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { requestPath } from "@/lib/request-path";
import { authConfig } from "./config";
import { bindingCookie, pendingLinkCookie, sessionCookie } from "./cookies";
import type { SignedIn } from "./redeem";
import { findActiveSession, type ActiveSession } from "./sessions";

// Checked against the `sessions` row on every request (cached per render), so revocation and
// sign-out take effect on the very next request.
export const getCurrentSession = cache(async (): Promise<ActiveSession | null> => {
  const sealed = await sessionCookie.read();
  if (!sealed) return null;
  // Database down: the 503 page, never a page rendered as signed out (or in).
  return findActiveSession(sealed.sid, sealed.uid).catch(redirectIfDbUnavailable);
});

// Whether this browser holds a live session (for `email`, if given). For a link or code already
// used, opened again by the browser it signed in (a second tab, a button pressed twice before
// the first answer came): that browser goes on instead of reading "already used". Database
// errors are the caller's to answer.
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
  if (!session) {
    const next = path ?? (await requestPath()) ?? authConfig.defaultNextPath;
    redirect(`/login?next=${encodeURIComponent(next)}`);
  }
  return session;
}

// Called only after the redeeming transaction committed.
export async function setSignedInCookies(signedIn: Pick<SignedIn, "sid" | "userId">): Promise<void> {
  await sessionCookie.write({ sid: signedIn.sid, uid: signedIn.userId });
  await bindingCookie.clear();
  await pendingLinkCookie.clear();
}
