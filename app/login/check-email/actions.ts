"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/app/_components/form";
import { messages, statusMessages, throttleMessages } from "@/app/messages";
import { db } from "@/db";
import { secondsUntilNextSend } from "@/lib/auth/challenge";
import { authConfig } from "@/lib/auth/config";
import { bindingCookie, currentDeviceId, keepDeviceId } from "@/lib/auth/cookies";
import { requestContext } from "@/lib/auth/http";
import { continueUsedSignIn, redeemCode } from "@/lib/auth/redeem";
import { finishSignIn } from "@/lib/auth/session";
import { requestSignIn } from "@/lib/auth/sign-in";
import { newSessionId, wrongCodeMark } from "@/lib/auth/tokens";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { routes } from "@/lib/routes";
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

  const options = { sid: binding.sid, lastWrong: binding.lastWrong, deviceId: await currentDeviceId() };
  const result = await redeemCode(binding.cid, code, { ip, userAgent }, options).catch(redirectIfDbUnavailable);
  await keepDeviceId(options.deviceId);
  if (result.ok) {
    await finishSignIn(result, { ip, userAgent });
    redirect(result.nextPath);
  }
  if (result.reason === "wrong") {
    await bindingCookie.write({ ...binding, lastWrong: wrongCodeMark(binding.cid, code) });
    return { status: "error", message: messages.wrongCode(result.attemptsLeft) };
  }
  if (result.reason === "throttled") {
    const { retryAfterSeconds } = result;
    return { status: "error", message: throttleMessages[result.limit](retryAfterSeconds), retryAfterSeconds };
  }
  // Used by another tab of this browser, which is then signed in, or by this same form pressed
  // twice, whose first answer was lost (only the right code may take that session back): go on.
  if (result.reason === "used") {
    const sid = result.rightCode ? binding.sid : undefined;
    if (await continueUsedSignIn(binding.email, sid).catch(redirectIfDbUnavailable)) redirect(binding.next);
  }
  return { status: "error", message: statusMessages[result.reason].code };
}

export async function resendAction(_prev: FormState): Promise<FormState> {
  const { ip, userAgent, sameOrigin } = await requestContext();
  if (!sameOrigin) return { status: "error", message: messages.crossSite };
  const binding = await bindingCookie.read();
  if (!binding) redirect(routes.login);
  const deviceId = await currentDeviceId();
  const result = await requestSignIn({ email: binding.email, nextPath: binding.next, ip, userAgent, deviceId }).catch(
    redirectIfDbUnavailable,
  );
  await keepDeviceId(deviceId);
  if (result.status === "send_failed") return { status: "error", message: messages.sendFailed };
  if (result.status === "throttled") {
    const { retryAfterSeconds } = result;
    return { status: "error", message: throttleMessages[result.limit](retryAfterSeconds), retryAfterSeconds };
  }
  // A new id too: the old one may already name a session, should the answer that carried it
  // have been lost.
  await bindingCookie.write({ ...binding, cid: result.challengeId, sid: newSessionId(), lastWrong: undefined });
  // The cooldown, or longer after the hour's last send. Sent is sent: should the database fail
  // right now, the countdown falls back to the cooldown rather than the answer to an error.
  const retryAfterSeconds = await secondsUntilNextSend(db(), binding.email, deviceId).catch(
    () => authConfig.sends.perDeviceCooldownSeconds,
  );
  return { status: "info", message: messages.resent, retryAfterSeconds };
}
