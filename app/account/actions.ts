"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { sessionCookie } from "@/lib/auth/cookies";
import { requestContext } from "@/lib/auth/http";
import { getCurrentSession, requireSession, signOutSessions, type ActiveSession } from "@/lib/auth/session";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { routes } from "@/lib/routes";

// All POST only (server actions): a GET can never sign anyone out. Each re-checks the
// requester's own session first (and signOutSessions again, under a lock, as it revokes), so a
// revoked session cannot sign anyone else out, and ends in a redirect, so the forms work
// without JavaScript. A database failure at any step (the
// session check, or the connection dropping before the revocation) answers the 503 page.
async function guard(): Promise<{ session: ActiveSession; ip: string }> {
  const { ip, sameOrigin } = await requestContext();
  if (!sameOrigin) redirect(routes.account);
  return { session: await requireSession(routes.account), ip };
}

export async function signOutAction(): Promise<void> {
  const { ip, sameOrigin } = await requestContext();
  if (!sameOrigin) redirect(routes.account);
  const session = await getCurrentSession().catch(redirectIfDbUnavailable);
  if (session) await signOutSessions(session, { kind: "this" }, ip).catch(redirectIfDbUnavailable);
  await sessionCookie.clear();
  redirect(routes.login);
}

// The account page says how many other devices were signed out.
const signedOutPath = (ended: number) => `${routes.account}?signed-out=${ended}`;

// sessions.id values: base64url SHA-256.
const sessionForm = z.object({ session: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export async function signOutSessionAction(formData: FormData): Promise<void> {
  const { session, ip } = await guard();
  const parsed = sessionForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success || parsed.data.session === session.id) redirect(routes.account);
  // Scoped to the requester's user: another user's session id ends nothing.
  const ended = await signOutSessions(session, { kind: "one", id: parsed.data.session }, ip).catch(
    redirectIfDbUnavailable,
  );
  redirect(signedOutPath(ended));
}

export async function signOutOthersAction(): Promise<void> {
  const { session, ip } = await guard();
  const ended = await signOutSessions(session, { kind: "others" }, ip).catch(redirectIfDbUnavailable);
  redirect(signedOutPath(ended));
}

export async function signOutEverywhereAction(): Promise<void> {
  const { session, ip } = await guard();
  await signOutSessions(session, { kind: "everywhere" }, ip).catch(redirectIfDbUnavailable);
  await sessionCookie.clear();
  redirect(routes.login);
}
