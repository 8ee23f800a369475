import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { authEvents } from "@/db/schema";
import { listDevMailbox } from "@/lib/email";
import { freshEmail, freshIp, issue, meta, setChallenge, wrongCode, testDevice } from "@/lib/test/auth";
import { endChallengeAfterSendFailure, readLink } from "./challenge";
import { authConfig } from "./config";
import { redeemLink, redeemCode } from "./redeem";
import { requestSignIn } from "./sign-in";

// The audit trail: every auth event the library records, with a masked email and no secret.
// (signed_out is recorded by the sign-out action in app/account/actions.ts.) Checked by hand:
// skipping the redeemed_code event made it fail; every type is asserted the same way.
describe("auth events", () => {
  it("records requested, sent, send failed, redeemed by link and code, code failed and throttled", async () => {
    const [byLink, byCode, failing] = [freshEmail(), freshEmail(), freshEmail()];
    const ip = freshIp();
    const sent = await requestSignIn(
      { email: byLink, nextPath: "/account", ip, deviceId: testDevice },
      { padding: null },
    );
    if (sent.status !== "sent") throw new Error("not sent");
    const text = listDevMailbox().find((m) => m.to === byLink)!.text;
    const token = /token=([A-Za-z0-9_-]{43})/.exec(text)![1]!;
    const code = /^\s*(\d{6})\s*$/m.exec(text)![1]!;
    await requestSignIn({ email: byLink, nextPath: "/account", ip, deviceId: testDevice }, { padding: null });
    await redeemLink(token, meta);

    const c = await issue(byCode);
    await redeemCode(c.id, wrongCode(c.code), meta);
    await redeemCode(c.id, c.code, meta);

    const f = await issue(failing);
    await endChallengeAfterSendFailure(f.id, "test");

    const rows = await db()
      .select()
      .from(authEvents)
      .where(inArray(authEvents.challengeId, [sent.challengeId, c.id, f.id]));
    const throttled = await db().select().from(authEvents).where(eq(authEvents.ip, ip));
    const types = new Set([...rows, ...throttled].map((r) => r.type));
    for (const type of [
      "requested",
      "sent",
      "redeemed_link",
      "code_failed",
      "redeemed_code",
      "send_failed",
      "throttled",
    ]) {
      expect(types, type).toContain(type);
    }
    const all = JSON.stringify([...rows, ...throttled]);
    for (const secret of [token, code, c.code, byLink, byCode]) expect(all).not.toContain(secret);
    expect(all).toContain("u•••@example.com");
  });

  // Checked by hand: dropping the record from readLink or from redeemLink's failure path made
  // this fail (the budget refusal's event is asserted in redeem.code-limits.test.ts).
  it("records failed links and refused codes, with the reason", async () => {
    const ip = freshIp();
    const replayed = await issue(freshEmail());
    await redeemLink(replayed.token, { ...meta, ip });
    await redeemLink(replayed.token, { ...meta, ip });
    await readLink(replayed.token, ip);
    await readLink("A".repeat(43), ip);
    const ended = await issue(freshEmail());
    await setChallenge(ended.id, { endReason: "superseded", endedAt: sql`now()` });
    await redeemCode(ended.id, ended.code, { ...meta, ip });

    const rows = await db().select().from(authEvents).where(eq(authEvents.ip, ip)).orderBy(authEvents.id);
    expect(rows.map((r) => [r.type, r.detail, r.challengeId])).toEqual([
      ["redeemed_link", null, replayed.id],
      ["link_failed", "used", replayed.id],
      ["link_failed", "used", replayed.id],
      ["link_failed", "invalid", null],
      ["code_failed", "superseded", ended.id],
    ]);
    expect(rows[1]?.emailMasked).toMatch(/^u•••@/);
  });

  // Checked to fail: without the limit in recordLinkFailure, all 100 failures are recorded; with
  // every refusal recorded, 70 throttled events are.
  it("records a client's failed links up to a bound, so made-up links cannot fill the table", async () => {
    const ip = freshIp();
    for (let i = 0; i < 100; i++) await readLink(randomBytes(32).toString("base64url"), ip);
    const rows = await db().select().from(authEvents).where(eq(authEvents.ip, ip));
    const max = authConfig.recordedLinkFailuresPerIpPer10Minutes;
    expect(rows.filter((r) => r.type === "link_failed")).toHaveLength(max);
    expect(rows.filter((r) => r.type === "throttled" && r.detail === "link-failures-per-ip")).toHaveLength(max);
    // Another network's failures are recorded as ever.
    const other = freshIp();
    await readLink(randomBytes(32).toString("base64url"), other);
    expect(await db().select().from(authEvents).where(eq(authEvents.ip, other))).toHaveLength(1);
  });
});
