import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { signInChallenges } from "@/db/schema";
import { redeemLink } from "@/lib/auth/redeem";
import { requestSignIn } from "@/lib/auth/sign-in";
import { ageChallenges, freshEmail, meta, testDevice } from "@/lib/test/auth";
import { withResendStandIn } from "@/lib/test/stand-in";
import { sendEmail } from "./email";

// The real Resend SDK against the local stand-in, told to fail on command.
const standIn = withResendStandIn();

const request = (email: string) => requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice });

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  return [await work, Date.now() - started];
}

describe("email provider failing", () => {
  it.each(["500", "429", "hang"] as const)(
    "on %s: gives up within 10 s after at most 2 retries, and leaves nothing usable",
    async (mode) => {
      const email = freshEmail();
      await standIn.fail(mode, email);
      const [result, ms] = await timed(request(email));
      expect(result).toEqual({ status: "send_failed" });
      expect(ms).toBeLessThan(10_000);
      const attempts = await standIn.attempts(email);
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(attempts).toBeLessThanOrEqual(3);
      expect(await standIn.messages(email)).toHaveLength(0);
    },
  );

  it("ends the challenge whose email failed, so its link and code can never be redeemed", async () => {
    const email = freshEmail();
    await standIn.fail("500", email);
    expect((await request(email)).status).toBe("send_failed");
    // Redemption only claims rows WHERE ended_at IS NULL.
    const rows = await db().select().from(signInChallenges).where(eq(signInChallenges.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endReason: "send_failed", endedAt: expect.any(Date) });
  });

  it("does not retry an invalid API key (403): it would fail the same way", async () => {
    const email = freshEmail();
    await standIn.fail("403", email);
    expect(await request(email)).toEqual({ status: "send_failed" });
    expect(await standIn.attempts(email)).toBe(1);
  });

  it("retries a timed-out success with the same idempotency key and sends one email", async () => {
    const email = freshEmail();
    await standIn.fail("lost-reply", email);
    const result = await request(email);
    expect(result.status).toBe("sent");
    expect(await standIn.attempts(email)).toBe(2);
    const messages = await standIn.messages(email);
    expect(messages).toHaveLength(1);
    if (result.status === "sent") expect(messages[0]!.idempotencyKey).toBe(result.challengeId);
  });

  it("answers a known and an unknown address the same way while failing", async () => {
    const known = freshEmail();
    const first = await request(known);
    if (first.status !== "sent") throw new Error("not sent");
    const token = /token=([\w-]+)/.exec((await standIn.messages(known))[0]!.text)![1]!;
    expect(await redeemLink(token, meta)).toMatchObject({ ok: true });
    const unknown = freshEmail();
    await ageChallenges(known);
    await standIn.fail("500", known);
    await standIn.fail("500", unknown);
    expect(await request(known)).toEqual(await request(unknown));
  });

  it("sends normally once the provider recovers", async () => {
    const email = freshEmail();
    await standIn.fail("none", email);
    const body = createElement("p", null, "hi");
    const sent = await sendEmail({ to: email, subject: "Hi", body, idempotencyKey: randomUUID() });
    expect(sent).toEqual({ ok: true });
    expect(await standIn.attempts(email)).toBe(1);
  });
});
