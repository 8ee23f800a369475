import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents } from "@/db/schema";
import { brand } from "@/lib/brand";
import { listDevMailbox } from "@/lib/email";
import { ageChallenges, freshDevice, freshEmail, issue, meta } from "@/lib/test/auth";
import { sendNewSignInAlert } from "./device";
import type { ClientMeta } from "./http";
import { redeemCode, redeemLink } from "./redeem";

const mac = {
  ...meta,
  userAgent:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};
const pixel = {
  ...meta,
  userAgent:
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
};

// A device is its device id cookie (cookies.ts), whatever User-Agent it sends.
const laptop = freshDevice();

// Signs `email` in from `deviceId` by link (or code), moving earlier challenges past the send
// cooldown first.
async function signIn(email: string, from: ClientMeta, deviceId: string, via: "link" | "code" = "link") {
  await ageChallenges(email);
  const challenge = await issue(email, "/account", deviceId);
  const options = { deviceId };
  const result =
    via === "link"
      ? await redeemLink(challenge.token, from, options)
      : await redeemCode(challenge.id, challenge.code, from, options);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result;
}

const mailTo = (email: string) => listDevMailbox().filter((m) => m.to === email);

describe("new sign-in alert", () => {
  it("is not sent for an account's very first sign-in", async () => {
    const email = freshEmail();
    const first = await signIn(email, mac, laptop);
    expect(first).toMatchObject({ newUser: true, newDevice: true, email });
    expect(await sendNewSignInAlert(first, mac)).toBe("skipped");
    expect(mailTo(email)).toHaveLength(0);
  });

  // Checked to fail: keyed on describeDevice(userAgent) as before, the browser updated to
  // another User-Agent family counts as new.
  it("is not sent again for a device already used, whatever User-Agent it now sends", async () => {
    const email = freshEmail();
    await signIn(email, mac, laptop);
    const again = await signIn(email, pixel, laptop, "code");
    expect(again).toMatchObject({ newUser: false, newDevice: false });
    expect(await sendNewSignInAlert(again, mac)).toBe("skipped");
    expect(mailTo(email)).toHaveLength(0);
  });

  // Checked to fail: keyed on the User-Agent family as before, an attacker's browser that copies
  // the owner's User-Agent signs in without an alert ("skipped").
  it("is sent for a new device even with the owner's User-Agent, naming method, device, time and network", async () => {
    const email = freshEmail();
    await signIn(email, pixel, laptop);
    const stranger = freshDevice();
    const from = { ...pixel, ip: "203.0.113.77" };
    const phone = await signIn(email, from, stranger, "code");
    expect(phone).toMatchObject({ newUser: false, newDevice: true, method: "code" });
    const at = new Date("2026-11-25T09:41:00Z");
    expect(await sendNewSignInAlert(phone, from, at)).toBe("sent");

    const [message, ...rest] = mailTo(email);
    expect(rest).toHaveLength(0);
    expect(message?.subject).toBe(`New sign-in to your ${brand.name} account`);
    expect(message?.text).toContain("Chrome on Android (Pixel 7)");
    // ICU versions differ on the comma after the weekday.
    expect(message?.text).toMatch(/Time: Wednesday,? 25 November 2026 at 09:41 UTC/);
    expect(message?.text).toContain("Signed in with: the code from a sign-in email");
    // The network, never the address itself.
    expect(message?.text).toContain("Network: 203.0.113.0/24");
    expect(message?.text).not.toContain("203.0.113.77");
    expect(message?.html).toContain('href="http://localhost:3000/account"');

    const events = await db()
      .select({ detail: authEvents.detail })
      .from(authEvents)
      .where(and(eq(authEvents.userId, phone.userId), eq(authEvents.type, "sent")));
    expect(events).toEqual([{ detail: "new-sign-in alert" }]);

    // The phone is now known: the next sign-in from it says nothing.
    const phoneAgain = await signIn(email, from, stranger);
    expect(await sendNewSignInAlert(phoneAgain, from)).toBe("skipped");
    expect(mailTo(email)).toHaveLength(1);
  });
});
