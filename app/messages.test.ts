import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { rateLimits } from "@/db/schema";
import { idleState } from "@/app/_components/form";
import { bindingCookie, deviceCookie } from "@/lib/auth/cookies";
import { newSessionId } from "@/lib/auth/tokens";
import { listDevMailbox } from "@/lib/email";
import {
  ageChallenges,
  exhaustGlobalSends,
  freshEmail,
  freshIp,
  issue,
  sessionsOfEmail,
  wrongCode,
  testDevice,
} from "@/lib/test/auth";
import { clearCookies, startRequest } from "@/lib/test/request-scope";
import { requestSignInAction } from "./login/actions";
import { resendAction, verifyCodeAction } from "./login/check-email/actions";

// What a person reads when a deployment-wide or per-IP limit stops them: the server actions
// themselves, called with a stand-in request scope (lib/test/request-scope.ts) over the real
// database, limits and sealed cookies.
// How these were checked to fail (each changed in the actions, then restored): answering the
// global cap in requestSignInAction with the per-IP message fails the first test; dropping the
// "global" branch in resendAction (so it says "You can send again…") fails the second; mapping
// the "throttled" code result to the expired message fails the third.
vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);

const appOrigin = "http://localhost:3000";
const request = (ip: string) => startRequest({ Origin: appOrigin, "X-Forwarded-For": ip, "User-Agent": "vitest" });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const sentTo = (email: string) => listDevMailbox().filter((m) => m.to === email).length;
const inMinutesOrSeconds = "(a minute|\\d+ minutes|\\d+ seconds)";

// As under `npm start`, which preloads it: X-Forwarded-For then ends with the socket peer, and
// the address given to `request` below is the client's (request.test.ts pins clientIp).
beforeAll(async () => {
  await import("@/server/append-forwarded-for.mjs");
});

beforeEach(async () => {
  clearCookies();
  await db()
    .delete(rateLimits)
    .where(sql`${rateLimits.key} = 'sends:global'`);
});

describe("the global send cap", () => {
  it("the sign-in form says the service is busy and when to retry, and binds nothing", async () => {
    await exhaustGlobalSends();
    const email = freshEmail();
    request(freshIp());
    const state = await requestSignInAction(idleState, form({ email, next: "/account" }));
    expect(state.status).toBe("error");
    expect(state.message).toMatch(
      new RegExp(`^We're sending a lot of sign-in emails right now\\. Try again in ${inMinutesOrSeconds}\\.$`),
    );
    expect(state.retryAfterSeconds).toBeGreaterThan(0);
    // The typed address comes back so nothing is lost; nothing was sent and no browser bound.
    expect(state.email).toBe(email);
    expect(sentTo(email)).toBe(0);
    expect(await bindingCookie.read()).toBeNull();
  });

  it("send again says the service is busy, not that this address must wait", async () => {
    const email = freshEmail();
    request(freshIp());
    await bindingCookie.write({ cid: null, email, next: "/account", sid: newSessionId() });
    await exhaustGlobalSends();
    const state = await resendAction(idleState);
    expect(state).toMatchObject({ status: "error", retryAfterSeconds: expect.any(Number) });
    expect(state.message).toMatch(
      new RegExp(`^We're sending a lot of sign-in emails right now\\. Try again in ${inMinutesOrSeconds}\\.$`),
    );
    expect(sentTo(email)).toBe(0);
  });
});

describe("the per-IP code-check throttle", () => {
  it("the 31st code from one network is refused with when to retry, even the right one", async () => {
    const ip = freshIp();
    const email = freshEmail();
    const { id, code } = await issue(email);
    request(ip);
    await bindingCookie.write({ cid: id, email, next: "/account", sid: newSessionId() });
    const messages: string[] = [];
    // 30 checks: five wrong codes burn the challenge, and the rest are refused as burned.
    for (let i = 0; i < 30; i++) {
      messages.push((await verifyCodeAction(idleState, form({ code: wrongCode(code) }))).message ?? "");
    }
    expect(messages.filter((m) => m.startsWith("Too many codes tried"))).toEqual([]);

    // A fresh challenge, for another address, from the same network.
    const other = freshEmail();
    const fresh = await issue(other);
    await bindingCookie.write({ cid: fresh.id, email: other, next: "/account", sid: newSessionId() });
    const state = await verifyCodeAction(idleState, form({ code: fresh.code }));
    expect(state.status).toBe("error");
    expect(state.message).toMatch(
      new RegExp(`^Too many codes tried from your network\\. Try again in ${inMinutesOrSeconds}\\.$`),
    );
    expect(state.retryAfterSeconds).toBeGreaterThan(0);
    expect(await sessionsOfEmail(other)).toHaveLength(0);
  });
});

describe("send again after the hour's last send", () => {
  it("counts down to the hourly cap, not the 60 s cooldown, and says it in minutes", async () => {
    const email = freshEmail();
    request(freshIp());
    // Four sends this hour, each past its cooldown; "Send again" makes the fifth and last.
    for (let i = 0; i < 4; i++) {
      await issue(email);
      await ageChallenges(email, sql`interval '61 seconds'`);
    }
    // The browser that made those sends: the hourly cap is per browser (its device id).
    await deviceCookie.write({ id: testDevice });
    await bindingCookie.write({ cid: null, email, next: "/account", sid: newSessionId() });
    const sent = await resendAction(idleState);
    expect(sent.status).toBe("info");
    expect(sent.retryAfterSeconds).toBeGreaterThan(3000);

    const refused = await resendAction(idleState);
    expect(refused.message).toMatch(/^You can send again in \d+ minutes\.$/);
    expect(sentTo(email)).toBe(1);
  });
});
