import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents } from "@/db/schema";
import { brand } from "@/lib/brand";
import { listDevMailbox } from "@/lib/email";
import { ageChallenges, freshEmail, issue, meta } from "@/lib/test/auth";
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

// Signs `email` in by link (or code), moving earlier challenges past the send cooldown first.
async function signIn(email: string, from: ClientMeta, via: "link" | "code" = "link") {
  await ageChallenges(email);
  const challenge = await issue(email);
  const result =
    via === "link" ? await redeemLink(challenge.token, from) : await redeemCode(challenge.id, challenge.code, from);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result;
}

const mailTo = (email: string) => listDevMailbox().filter((m) => m.to === email);

describe("new sign-in alert", () => {
  it("is not sent for an account's very first sign-in", async () => {
    const email = freshEmail();
    const first = await signIn(email, mac);
    expect(first).toMatchObject({ newUser: true, newDevice: true, email });
    expect(await sendNewSignInAlert(first, mac)).toBe("skipped");
    expect(mailTo(email)).toHaveLength(0);
  });

  it("is not sent again for a kind of device already used", async () => {
    const email = freshEmail();
    await signIn(email, mac);
    const again = await signIn(email, mac, "code");
    expect(again).toMatchObject({ newUser: false, newDevice: false });
    expect(await sendNewSignInAlert(again, mac)).toBe("skipped");
    expect(mailTo(email)).toHaveLength(0);
  });

  it("is sent for a new kind of device, naming device, browser and time, linking to /account", async () => {
    const email = freshEmail();
    await signIn(email, mac);
    const phone = await signIn(email, pixel, "code");
    expect(phone).toMatchObject({ newUser: false, newDevice: true });
    const at = new Date("2026-11-25T09:41:00Z");
    expect(await sendNewSignInAlert(phone, pixel, at)).toBe("sent");

    const [message, ...rest] = mailTo(email);
    expect(rest).toHaveLength(0);
    expect(message?.subject).toBe(`New sign-in to your ${brand.name} account`);
    expect(message?.text).toContain("Chrome on Android (Pixel 7)");
    // ICU versions differ on the comma after the weekday.
    expect(message?.text).toMatch(/Time: Wednesday,? 25 November 2026 at 09:41 UTC/);
    expect(message?.html).toContain('href="http://localhost:3000/account"');

    const events = await db()
      .select({ detail: authEvents.detail })
      .from(authEvents)
      .where(and(eq(authEvents.userId, phone.userId), eq(authEvents.type, "sent")));
    expect(events).toEqual([{ detail: "new-sign-in alert" }]);

    // The phone is now known: the next sign-in from it says nothing.
    const phoneAgain = await signIn(email, pixel);
    expect(await sendNewSignInAlert(phoneAgain, pixel)).toBe("skipped");
    expect(mailTo(email)).toHaveLength(1);
  });
});
