"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/app/_components/form";
import { messages, throttleMessages } from "@/app/messages";
import { bindingCookie, currentDeviceId } from "@/lib/auth/cookies";
import { normalizeEmail } from "@/lib/auth/email-address";
import { requestContext, safeNextPath } from "@/lib/auth/http";
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
