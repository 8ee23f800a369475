"use server";

import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { passkeyFailureMessages, passkeyMessages } from "@/app/messages";
import { passkeyChallengeCookie, passkeyPromptCookie, sessionCookie } from "@/lib/auth/cookies";
import { requestContext } from "@/lib/auth/http";
import { addPasskey, passkeyRegistrationOptions, removePasskey, renamePasskey } from "@/lib/auth/passkey";
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

// Passkeys. Adding one is two calls from the page's script (a WebAuthn ceremony needs
// JavaScript): options, bound to this browser by a sealed cookie naming the challenge, then the
// authenticator's answer. Renaming and removing are plain forms.
export async function passkeyRegistrationOptionsAction(): Promise<
  { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; message: string }
> {
  const { session } = await guard();
  const begun = await passkeyRegistrationOptions(session).catch(redirectIfDbUnavailable);
  if (!begun.ok) return { ok: false, message: passkeyFailureMessages[begun.reason] };
  await passkeyChallengeCookie.write({ id: begun.challengeId, next: routes.account });
  return { ok: true, options: begun.options };
}

const attestationShape = z.looseObject({
  id: z.string().max(1024),
  rawId: z.string().max(1024),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string().max(4096), attestationObject: z.string().max(16_384) }),
  clientExtensionResults: z.looseObject({}),
});

export async function addPasskeyAction(response: unknown): Promise<{ ok: boolean; message?: string }> {
  const { session, ip } = await guard();
  const parsed = attestationShape.safeParse(response);
  const bound = await passkeyChallengeCookie.read();
  if (!parsed.success || !bound) return { ok: false, message: passkeyMessages.addFailed };
  await passkeyChallengeCookie.clear();
  const { userAgent } = await requestContext();
  const added = await addPasskey(session, bound.id, parsed.data as RegistrationResponseJSON, { ip, userAgent }).catch(
    redirectIfDbUnavailable,
  );
  if (!added.ok) return { ok: false, message: passkeyFailureMessages[added.reason] };
  // Added here: this device is not offered one again.
  await passkeyPromptCookie.write("added");
  revalidatePath(routes.account);
  return { ok: true };
}

export async function dismissPasskeyPromptAction(): Promise<void> {
  await guard();
  await passkeyPromptCookie.write("dismissed");
  revalidatePath(routes.account);
}

// passkeys.id values: uuids.
const passkeyForm = z.object({ passkey: z.uuid(), name: z.string().trim().min(1).max(60).optional() });

export async function renamePasskeyAction(formData: FormData): Promise<void> {
  const { session } = await guard();
  const parsed = passkeyForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success || !parsed.data.name) redirect(`${routes.account}?passkey=name`);
  await renamePasskey(session.userId, parsed.data.passkey, parsed.data.name).catch(redirectIfDbUnavailable);
  redirect(routes.account);
}

export async function removePasskeyAction(formData: FormData): Promise<void> {
  const { session, ip } = await guard();
  const parsed = passkeyForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) redirect(routes.account);
  await removePasskey(session, parsed.data.passkey, ip).catch(redirectIfDbUnavailable);
  redirect(routes.account);
}
