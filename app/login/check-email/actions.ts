"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/app/_components/form-state";
import { db } from "@/db";
import { secondsUntilNextSend } from "@/lib/auth/challenges";
import { authConfig } from "@/lib/auth/config";
import { bindingCookie, type Binding } from "@/lib/auth/cookies";
import { holdsSession } from "@/lib/auth/current-session";
import { finishSignIn } from "@/lib/auth/finish-sign-in";
import { redeemCode } from "@/lib/auth/redeem-code";
import { requestContext } from "@/lib/auth/request";
import { requestSignIn } from "@/lib/auth/request-sign-in";
import { resumeSignIn } from "@/lib/auth/resume";
import { newSessionId, wrongCodeMark } from "@/lib/auth/secrets";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { messages } from "../messages";
import { codeDigits } from "./code-digits";

// The code form names no email: the challenge comes from this browser's binding cookie and the
// identity from the challenge row.
export async function verifyCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { ip, userAgent, sameOrigin } = await requestContext();
  if (!sameOrigin) return { status: "error", message: messages.crossSite };
  const code = codeDigits(String(formData.get("code") ?? "").slice(0, 64));
  if (!/^\d{6}$/.test(code)) return { status: "error", message: messages.codeFormat };
  const binding = await bindingCookie.read();
  if (!binding?.cid) return { status: "error", message: messages.noChallenge };

  const options = { sid: binding.sid, lastWrong: binding.lastWrong };
  const result = await redeemCode(binding.cid, code, { ip, userAgent }, options).catch(redirectIfDbUnavailable);
  if (!result.ok) {
    switch (result.reason) {
      case "wrong":
        await bindingCookie.write({ ...binding, lastWrong: wrongCodeMark(binding.cid, code) });
        return { status: "error", message: messages.wrongCode(result.attemptsLeft) };
      case "burned":
        return { status: "error", message: messages.codeBurned };
      case "used":
        // Used by another tab of this browser, which is then signed in, or by this same form
        // pressed twice, whose first answer was lost (resume.ts): go on.
        if (await signedInAgain(binding, result.rightCode).catch(redirectIfDbUnavailable)) redirect(binding.next);
        return { status: "error", message: messages.codeUsed };
      case "budget":
        return { status: "error", message: messages.codeBudget };
      case "cancelled":
        return { status: "error", message: messages.codeCancelled };
      case "no_account":
        return { status: "error", message: messages.noAccount };
      case "throttled":
        return {
          status: "error",
          message: messages.codeThrottled(result.retryAfterSeconds),
          retryAfterSeconds: result.retryAfterSeconds,
        };
      default:
        return { status: "error", message: messages.codeExpired };
    }
  }
  await finishSignIn(result, { ip, userAgent });
  redirect(result.nextPath);
}

async function signedInAgain(binding: Binding, rightCode: boolean): Promise<boolean> {
  return (await holdsSession(binding.email)) || (rightCode && (await resumeSignIn(binding.sid, binding.email)));
}

export async function resendAction(_prev: FormState): Promise<FormState> {
  const { ip, sameOrigin } = await requestContext();
  if (!sameOrigin) return { status: "error", message: messages.crossSite };
  const binding = await bindingCookie.read();
  if (!binding) redirect("/login");
  const result = await requestSignIn({ email: binding.email, nextPath: binding.next, ip }).catch(
    redirectIfDbUnavailable,
  );
  if (result.status === "throttled") {
    const { retryAfterSeconds } = result;
    const message =
      result.limit === "ip"
        ? messages.ipThrottled(retryAfterSeconds)
        : result.limit === "global"
          ? messages.busy(retryAfterSeconds)
          : messages.resendWait(retryAfterSeconds);
    return { status: "error", message, retryAfterSeconds };
  }
  if (result.status === "send_failed") return { status: "error", message: messages.sendFailed };
  // A new id too: the old one may already name a session, should the answer that carried it
  // have been lost.
  await bindingCookie.write({ ...binding, cid: result.challengeId, sid: newSessionId(), lastWrong: undefined });
  // The cooldown, or longer after the hour's last send. Sent is sent: should the database fail
  // right now, the countdown falls back to the cooldown rather than the answer to an error.
  const retryAfterSeconds = await secondsUntilNextSend(db(), binding.email).catch(
    () => authConfig.sends.perEmailCooldownSeconds,
  );
  return { status: "info", message: messages.resent, retryAfterSeconds };
}
