"use server";

import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form";
import { messages, passkeyFailureMessages, passkeyMessages, throttleMessages } from "@/app/messages";
import { bindingCookie, currentDeviceId, keepDeviceId, passkeyChallengeCookie } from "@/lib/auth/cookies";
import { normalizeEmail } from "@/lib/auth/email-address";
import { requestContext, safeNextPath } from "@/lib/auth/http";
import { signInWithPasskey } from "@/lib/auth/passkey";
import { finishSignIn } from "@/lib/auth/session";
import { requestSignIn } from "@/lib/auth/sign-in";
import { newSessionId } from "@/lib/auth/tokens";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

// Guards in order: origin → input (before any database call) → per-IP limit, issue and send →
// bind this browser → redirect.
export async function requestSignInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { ip, userAgent, sameOrigin } = await requestContext();
  if (!sameOrigin) return { status: "error", message: messages.crossSite };
  const typed = String(formData.get("email") ?? "").slice(0, 1000);
  const checked = normalizeEmail(typed);
  if (!checked.ok) return { status: "error", message: checked.message, email: typed };
  const { email } = checked;
  const nextPath = safeNextPath(formData.get("next"), env().appUrl);

  // This browser's device id (set now if it has none): what this request supersedes and whose
  // limits it counts against. Database down: 503 page, no email sent, no binding.
  const deviceId = await currentDeviceId();
  const result = await requestSignIn({ email, nextPath, ip, userAgent, deviceId }).catch(redirectIfDbUnavailable);
  await keepDeviceId(deviceId);
  if (result.status === "send_failed") {
    return { status: "error", message: messages.sendFailed, email: typed };
  }
  // A request throttled for this address looks exactly like a sent one (same response, same
  // time: requestSignIn pads both); it just binds nothing new.
  if (result.status === "throttled" && result.limit !== "email") {
    const { retryAfterSeconds } = result;
    return {
      status: "error",
      message: throttleMessages[result.limit](retryAfterSeconds),
      email: typed,
      retryAfterSeconds,
    };
  }
  const previous = await bindingCookie.read();
  const cid = result.status === "sent" ? result.challengeId : previous?.email === email ? previous.cid : null;
  await bindingCookie.write({ cid, email, next: nextPath, sid: newSessionId() });
  redirect(routes.checkEmail);
}

// Passkeys: the answer to options from POST /login/passkey (its route), which bound their
// challenge to this browser by a sealed cookie. Called from the page's script only.

// Bounded before the verifier sees it; the verifier checks every field that matters.
const assertionShape = z.looseObject({
  id: z.string().max(1024),
  rawId: z.string().max(1024),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: z.string().max(4096),
    authenticatorData: z.string().max(4096),
    signature: z.string().max(1024),
    userHandle: z.string().max(1024).optional(),
  }),
  clientExtensionResults: z.looseObject({}),
});

// Answers a message when nobody was signed in; otherwise the session starts exactly as after an
// email sign-in (finishSignIn) and the browser goes on to `next`.
export async function passkeySignInAction(response: unknown): Promise<{ message: string }> {
  const { ip, userAgent, sameOrigin } = await requestContext();
  if (!sameOrigin) return { message: messages.crossSite };
  const parsed = assertionShape.safeParse(response);
  if (!parsed.success) return { message: passkeyMessages.signInFailed };
  const bound = await passkeyChallengeCookie.read();
  if (!bound) return { message: passkeyMessages.expired };
  await passkeyChallengeCookie.clear();
  const meta = { ip, userAgent };
  const deviceId = await currentDeviceId();
  const result = await signInWithPasskey(bound, parsed.data as AuthenticationResponseJSON, meta, deviceId).catch(
    redirectIfDbUnavailable,
  );
  await keepDeviceId(deviceId);
  if (!result.ok) {
    if (result.reason === "throttled") return { message: throttleMessages[result.limit](result.retryAfterSeconds) };
    return { message: passkeyFailureMessages[result.reason] };
  }
  await finishSignIn(result, meta);
  redirect(result.nextPath);
}
