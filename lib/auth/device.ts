import "server-only";
import { and, eq } from "drizzle-orm";
import { createElement } from "react";
import { UAParser } from "ua-parser-js";
import { db, type Db, type Tx } from "@/db";
import { knownDevices, users, type SignInMethod } from "@/db/schema";
import { NewSignInEmail } from "@/emails/new-sign-in-email";
import { brand } from "@/lib/brand";
import { sendEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";
import { authConfig, type DeviceKind, type Method } from "./config";
import { recordEvent } from "./events";
import type { ClientMeta } from "./http";
import { wideNetwork } from "./throttle";
import { sha256 } from "./tokens";

// The device a request comes from: what kind it is (which way in to offer first), what to call
// it (the device list, the alert), and whether its user has signed in from it before (the
// new-sign-in alert).
export type { DeviceKind, Method };

// Picks which way in is shown first; never decides what is allowed. A remembered choice wins;
// otherwise the configured default for this kind of device (authConfig.defaultMethod).
export function preferredMethod(
  h: Headers,
  remembered: string | undefined,
  defaults: Record<DeviceKind, Method> = authConfig.defaultMethod,
): Method {
  if (remembered === "code" || remembered === "link") return remembered;
  return defaults[deviceKind(h)];
}

// Client Hints first: `Sec-CH-UA-Mobile` is the browser's own word on "phone or not", and
// survives the frozen user agents of recent Chrome. Only the user agent (through a maintained
// parser) tells a tablet from a computer.
export function deviceKind(h: Headers): DeviceKind {
  const mobileHint = h.get("sec-ch-ua-mobile");
  if (mobileHint === "?1") return "phone";
  const kind = describeDevice(h.get("user-agent") ?? "").kind;
  // When the hint and the user agent disagree, the hint wins.
  return mobileHint === "?0" && kind === "phone" ? "computer" : kind;
}

// "Chrome on macOS", "Safari on iPhone", "Chrome on Android": how a session is named in the
// device list and the new-sign-in email. A name only: anyone can send any User-Agent, so a
// known device is its device id (cookies.ts), never this.
export function describeDevice(userAgent: string): {
  device: string;
  kind: DeviceKind;
  model: string | null;
} {
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const kind: DeviceKind = device.type === "mobile" ? "phone" : device.type === "tablet" ? "tablet" : "computer";
  // "Mobile Safari" is just Safari to a person; Apple's phones and tablets are named by model.
  const browserName = (browser.name ?? "Unknown browser").replace(/^Mobile /, "");
  const place = device.vendor === "Apple" && kind !== "computer" ? device.model : os.name?.replace(/^Mac OS$/, "macOS");
  return {
    device: place ? `${browserName} on ${place}` : browserName,
    kind,
    // Not a second time: "Safari on iPhone (iPhone)".
    model: kind !== "computer" && device.model && device.model !== place ? device.model : null,
  };
}

// Every sign-in records its device (the hash of its device id). `signedInBefore`: the user had
// any (an account with none has never signed in, an invited one say, and its first sign-in sends
// no alert); `newDevice`: this one is new for the user.
export async function rememberDevice(
  tx: Tx,
  userId: string,
  deviceId: string,
  userAgent: string,
): Promise<{ signedInBefore: boolean; newDevice: boolean }> {
  const [before] = await tx
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId))
    .limit(1);
  const [seen] = await tx
    .insert(knownDevices)
    .values({ userId, deviceHash: sha256(deviceId), device: describeDevice(userAgent).device })
    .onConflictDoNothing()
    .returning({ device: knownDevices.device });
  return { signedInBefore: Boolean(before), newDevice: Boolean(seen) };
}

// Whether the device with this id hash has signed in to the account of this address before.
// One query for any address, with or without an account, so it tells the request path nothing.
export async function isKnownDevice(tx: Db | Tx, email: string, deviceHash: string): Promise<boolean> {
  const [row] = await tx
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .innerJoin(users, eq(users.id, knownDevices.userId))
    .where(and(eq(users.email, email), eq(knownDevices.deviceHash, deviceHash)))
    .limit(1);
  return Boolean(row);
}

const methodInWords: Record<SignInMethod, string> = {
  link: "the link in a sign-in email",
  code: "the code from a sign-in email",
  passkey: "a passkey",
};

export type AlertResult = "sent" | "skipped" | "failed";

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "full",
  timeStyle: "short",
  timeZone: "UTC",
});
// "Wednesday, 25 November 2026 at 09:41 UTC": how the emails name a moment.
export const timeInWords = (at: Date): string => `${timeFormat.format(at)} UTC`;

// Called after the sign-in committed. A failed send is recorded and swallowed: the person is
// signed in either way, and the alert is a courtesy, not a gate.
export async function sendNewSignInAlert(
  signedIn: { sid: string; userId: string; email: string; newUser: boolean; newDevice: boolean; method: SignInMethod },
  meta: ClientMeta,
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
      // To the minute and the network (IPv4 /24, IPv6 /48): enough to recognise or doubt, not
      // a log of where the person is.
      time: timeInWords(at),
      method: methodInWords[signedIn.method],
      network: wideNetwork(meta.ip),
      accountUrl: new URL(routes.account, env().appUrl).toString(),
    }),
  });
  const detail = sent.ok ? "new-sign-in alert" : `new-sign-in alert: ${sent.reason}`;
  await recordEvent(db(), { type: sent.ok ? "sent" : "send_failed", email, userId, ip: meta.ip, detail });
  return sent.ok ? "sent" : "failed";
}
