import "server-only";
import { createElement } from "react";
import { db } from "@/db";
import { NewSignInEmail } from "@/emails/new-sign-in-email";
import { brand } from "@/lib/brand";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { authConfig } from "./config";
import { describeDevice } from "./device";
import { recordEvent } from "./events";
import type { RedeemMeta, SignedIn } from "./redeem";
import { sha256 } from "./secrets";

export type AlertResult = "sent" | "skipped" | "failed";

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "full",
  timeStyle: "short",
  timeZone: "UTC",
});

// Called after the sign-in committed. A failed send is recorded and swallowed: the person is
// signed in either way, and the alert is a courtesy, not a gate.
export async function sendNewSignInAlert(
  signedIn: SignedIn,
  meta: RedeemMeta,
  at: Date = new Date(),
): Promise<AlertResult> {
  if (!authConfig.session.newDeviceAlert || signedIn.newUser || !signedIn.newDevice) return "skipped";
  const { device, model } = describeDevice(meta.userAgent);
  const { email, userId } = signedIn;
  const sent = await sendEmail({
    to: email,
    // Named: a person with several accounts must see at once which one was signed in to.
    subject: `New sign-in to your ${brand.name} account`,
    // One alert per session, even if a retry follows a timed-out success.
    idempotencyKey: `new-sign-in:${sha256(signedIn.sid)}`,
    body: createElement(NewSignInEmail, {
      device,
      model,
      time: `${timeFormat.format(at)} UTC`,
      accountUrl: new URL("/account", env().appUrl).toString(),
    }),
  });
  const detail = sent.ok ? "new-sign-in alert" : `new-sign-in alert: ${sent.reason}`;
  await recordEvent(db(), { type: sent.ok ? "sent" : "send_failed", email, userId, ip: meta.ip, detail });
  return sent.ok ? "sent" : "failed";
}
