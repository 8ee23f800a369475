import { and, eq, like } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { authEvents, signInChallenges } from "@/db/schema";
import { env } from "@/lib/env";
import { freshDevice, freshIp } from "@/lib/test/auth";
import { authConfig } from "./config";
import { requestSignIn } from "./sign-in";

// Sends counted per inbox, and the deployment's cap shared per network (issue 18 §2).
// Checked to fail: counting sends per exact address (mailbox = email in issueChallenge), the
// 13 networks deliver 13 emails to one inbox, and 11 tagged addresses 11; without the fair share
// (hitSendCaps → the global counter alone) the flooding network takes the whole cap and the
// fresh client is refused.

const ask = (email: string, ip: string) =>
  requestSignIn({ email, nextPath: "/account", ip, deviceId: freshDevice() }, { padding: null });

describe("sends per mailbox", () => {
  it("13 networks asking for victim+N@ deliver no more than the inbox's ceiling, each to its exact address", async () => {
    const inbox = `victim-${freshDevice().slice(-8).toLowerCase()}`;
    const results = [];
    for (let n = 0; n < 13; n++) results.push(await ask(`${inbox}+${n}@example.com`, `192.0.2.${n + 1}`));
    const sent = results.filter((r) => r.status === "sent");
    expect(sent).toHaveLength(authConfig.sends.perMailboxPerHourFromNewDevices);
    // Throttled for the inbox: the same answer as any address's per-email limit.
    expect(results.slice(10).every((r) => r.status === "throttled" && r.limit === "email")).toBe(true);
    // Counting only: each email went to the exact address asked for.
    const rows = await db()
      .select({ email: signInChallenges.email, mailbox: signInChallenges.mailbox })
      .from(signInChallenges)
      .where(like(signInChallenges.email, `${inbox}+%`));
    expect(new Set(rows.map((r) => r.email)).size).toBe(10);
    expect(new Set(rows.map((r) => r.mailbox))).toEqual(new Set([`${inbox}@example.com`]));
  });

  it("Gmail's dots and googlemail.com reach one inbox, counted as one", async () => {
    const name = `v${freshDevice()
      .slice(-6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "x")}`;
    const spellings = Array.from({ length: 11 }, (_, i) => {
      const dotted = `${name.slice(0, 1 + (i % 5))}.${name.slice(1 + (i % 5))}`;
      return `${dotted}+${i}@${i % 2 ? "googlemail.com" : "gmail.com"}`;
    });
    const results = [];
    for (const email of spellings) results.push((await ask(email, freshIp())).status);
    expect(results.filter((s) => s === "sent")).toHaveLength(authConfig.sends.perMailboxPerHourFromNewDevices);
    expect(results[10]).toBe("throttled");
  });
});

describe("the global send cap, shared per network", () => {
  it("one /24 flooding the cap leaves room for a client on another network; one warning, events recorded", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const cap = env().globalSendsPerMinute;
    const flood = [];
    for (let i = 0; i < cap; i++)
      flood.push((await ask(`flood-${i}-${freshDevice()}@example.com`, `203.0.113.${i + 1}`)).status);
    const sent = flood.filter((s) => s === "sent").length;
    // Free until half the cap (the tests above used some of it), then only its share: far from the cap.
    const share = Math.floor(cap * authConfig.sends.globalSharePerNetwork);
    expect(sent).toBeGreaterThan(share);
    expect(sent).toBeLessThanOrEqual(cap * authConfig.sends.globalFairShareFrom + share);
    expect(flood.at(-1)).toBe("throttled");

    // Someone else, elsewhere, still gets their email.
    expect((await ask(`bystander-${freshDevice()}@example.com`, "198.18.0.1")).status).toBe("sent");

    const refusals = await db()
      .select({ id: authEvents.id })
      .from(authEvents)
      .where(and(eq(authEvents.type, "throttled"), eq(authEvents.detail, "global-share")));
    expect(refusals.length).toBe(cap - sent);
    // Once per minute per process, however many were refused (a minute boundary may add one).
    expect(warn.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(2);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Global send cap reached \(global-share\).*f•••@example\.com/);
    warn.mockRestore();
  });
});
