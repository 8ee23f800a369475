"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db";
import { sessionCookie } from "@/lib/auth/cookies";
import { requireSession, signOutCurrentSession } from "@/lib/auth/current-session";
import { recordEvent } from "@/lib/auth/events";
import { requestContext } from "@/lib/auth/request";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import type { ActiveSession } from "@/lib/auth/sessions";
import { revokeAllSessions, revokeOtherSessions, revokeUserSession } from "@/lib/auth/user-sessions";

// All POST only (server actions): a GET can never sign anyone out. Each re-checks the
// requester's own session first, so a revoked session cannot sign anyone else out, and ends
// in a redirect, so the forms work without JavaScript.
async function guard(): Promise<{ session: ActiveSession; ip: string }> {
  const { ip, sameOrigin } = await requestContext();
  if (!sameOrigin) redirect("/account");
  return { session: await requireSession("/account"), ip };
}

const signedOut = (session: ActiveSession, ip: string, detail: string) =>
  recordEvent(db(), { type: "signed_out", userId: session.userId, email: session.email, ip, detail });

export async function signOutAction(): Promise<void> {
  const { ip, sameOrigin } = await requestContext();
  if (!sameOrigin) redirect("/account");
  const ended = await signOutCurrentSession().catch(redirectIfDbUnavailable);
  if (ended) await signedOut(ended, ip, "this device");
  redirect("/login");
}

// sessions.id values: base64url SHA-256.
const sessionForm = z.object({ session: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export async function signOutSessionAction(formData: FormData): Promise<void> {
  const { session, ip } = await guard();
  const parsed = sessionForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success || parsed.data.session === session.id) redirect("/account");
  // Scoped to the requester's user: another user's session id ends nothing.
  const ended = await revokeUserSession(session.userId, parsed.data.session);
  if (ended > 0) await signedOut(session, ip, "one other device");
  redirect(`/account?signed-out=${ended}`);
}

export async function signOutOthersAction(): Promise<void> {
  const { session, ip } = await guard();
  const ended = await revokeOtherSessions(session.userId, session.id);
  await signedOut(session, ip, `all other devices (${ended})`);
  redirect(`/account?signed-out=${ended}`);
}

export async function signOutEverywhereAction(): Promise<void> {
  const { session, ip } = await guard();
  const ended = await revokeAllSessions(session.userId);
  await signedOut(session, ip, `everywhere (${ended})`);
  await sessionCookie.clear();
  redirect("/login");
}
