import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents } from "@/db/schema";
import { brand } from "@/lib/brand";
import { listDevMailbox } from "@/lib/email";
import { freshEmail, meta, usersWithEmail, testDevice } from "@/lib/test/auth";
import { redeemLink, redeemCode } from "./redeem";
import { requestSignIn } from "./sign-in";

const inbox = (to: string) => listDevMailbox().filter((m) => m.to === to);

function secretsIn(text: string) {
  const token = /http:\/\/localhost:3000\/verify\?token=([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  const codes = new Set(text.match(/\b\d{6}\b/g));
  expect(token).toBeDefined();
  expect(codes.size).toBe(1);
  return { token: token!, code: [...codes][0]! };
}

describe("requestSignIn (dev mailbox)", () => {
  it("emails an HTML and a text part carrying the link and the code", async () => {
    const email = freshEmail();
    const result = await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    expect(result).toMatchObject({ status: "sent" });
    const [message, ...rest] = inbox(email);
    expect(rest).toHaveLength(0);
    expect(message?.subject).toBe(`Sign in to ${brand.name}`);
    expect(message?.html).toMatch(/<html[\s>]/i);
    expect(message?.text).toContain("http://localhost:3000/verify?token=");
    const { token, code } = secretsIn(message!.text);
    expect(code).toMatch(/^\d{6}$/);
    expect(message?.html).toContain(token);
    expect(message?.html).toContain(code);
    // Requesting never creates an account.
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  // Issue 18 §5. Checked to fail on main, whose preview line was "Your … sign-in code is 123456"
  // and which said nothing about sharing or about who asked.
  it("keeps the code out of the preview line, warns against sharing it, and names the asking device", async () => {
    const email = freshEmail();
    const userAgent =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    await requestSignIn({ email, nextPath: "/account", ip: meta.ip, userAgent, deviceId: testDevice });
    const message = inbox(email)[0]!;
    const { code } = secretsIn(message.text);
    // React Email's preview is the hidden block that opens the body: all a lock screen shows.
    const preview = /<div[^>]*display:none[^>]*>([\s\S]*?)<\/div>/i.exec(message.html)?.[1] ?? "";
    expect(preview).toContain(`Your ${brand.name} sign-in link and code`);
    expect(preview).not.toContain(code);
    for (const part of [message.text, message.html]) {
      expect(part).toContain("Never share this code. We will never ask you for it.");
      expect(part).toContain("Chrome on macOS");
      expect(part).toMatch(/\d{4} at \d{2}:\d{2} UTC/);
    }
  });

  it("sends a link and a code that both belong to the challenge it reports", async () => {
    const linkUser = freshEmail();
    await requestSignIn({ email: linkUser, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    const linkSecrets = secretsIn(inbox(linkUser)[0]!.text);
    expect(await redeemLink(linkSecrets.token, meta)).toMatchObject({ ok: true });

    const codeUser = freshEmail();
    const byCode = await requestSignIn({ email: codeUser, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    if (byCode.status !== "sent") throw new Error("not sent");
    const { code } = secretsIn(inbox(codeUser)[0]!.text);
    expect(await redeemCode(byCode.challengeId, code, meta)).toMatchObject({ ok: true });
    expect(await usersWithEmail(codeUser)).toHaveLength(1);
  });

  it("sends nothing while throttled", async () => {
    const email = freshEmail();
    await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    const again = await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    expect(again).toMatchObject({ status: "throttled" });
    expect(inbox(email)).toHaveLength(1);
  });

  it("records requested and sent events without secrets or the full address", async () => {
    const email = freshEmail();
    const result = await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });
    if (result.status !== "sent") throw new Error("not sent");
    const { token, code } = secretsIn(inbox(email)[0]!.text);
    const events = await db().select().from(authEvents).where(eq(authEvents.challengeId, result.challengeId));
    expect(events.map((e) => e.type).sort()).toEqual(["requested", "sent"]);
    const text = JSON.stringify(events);
    for (const secret of [token, code, email]) expect(text).not.toContain(secret);
  });
});
