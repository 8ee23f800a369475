import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/app/_components/form";
import { bindingCookie, sessionCookie } from "@/lib/auth/cookies";
import { listDevMailbox } from "@/lib/email";
import { challengeRow, freshEmail, freshIp, sessionsOfEmail, wrongCode } from "@/lib/test/auth";
import {
  clearCookies,
  redirectOf,
  restoreCookies,
  runAfterTasks,
  saveCookies,
  startRequest,
} from "@/lib/test/request-scope";
import { requestSignInAction } from "./actions";
import { verifyCodeAction } from "./check-email/actions";
import { messages, statusMessages } from "@/app/messages";

// The sign-in action's own guards, called directly with a stand-in request scope
// (lib/test/request-scope.ts) over the real database, limits and sealed cookies: what a form
// posted from anywhere can make it do, not only what GET /login renders into the form.
vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);
vi.mock("next/server", async (original) => ({
  ...(await original<typeof import("next/server")>()),
  ...(await import("@/lib/test/request-scope")).nextServer,
}));

const request = () =>
  startRequest({ Origin: "http://localhost:3000", "X-Forwarded-For": freshIp(), "User-Agent": "vitest" });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const sentTo = (email: string) => listDevMailbox().filter((m) => m.to === email).length;
const codeSentTo = (email: string) => {
  const text = listDevMailbox().find((m) => m.to === email)?.text ?? "";
  return /^\s*(\d{6})\s*$/m.exec(text)?.[1] ?? "";
};

const ask = async (email: string) => {
  request();
  expect(await redirectOf(requestSignInAction(idleState, form({ email, next: "/account" })))).toBe(
    "/login/check-email",
  );
};

// Asks for a sign-in email with this `next`, then types the emailed code in the same browser:
// where the challenge stores the person's destination, and where the code then sends them.
async function signInWithNext(next: string) {
  const email = freshEmail();
  request();
  expect(await redirectOf(requestSignInAction(idleState, form({ email, next })))).toBe("/login/check-email");
  const binding = await bindingCookie.read();
  const stored = (await challengeRow(binding!.cid!)).nextPath;
  const landed = await redirectOf(verifyCodeAction(idleState, form({ code: codeSentTo(email) })));
  await runAfterTasks();
  return { stored, bound: binding!.next, landed };
}

// As under `npm start`, which preloads it: X-Forwarded-For then ends with the socket peer.
beforeAll(async () => {
  await import("@/server/append-forwarded-for.mjs");
});

beforeEach(() => clearCookies());

// GET /login already drops a hostile `next` from the form it renders; a form posted straight
// to the action carries whatever it likes, so the action must check it again before issuing.
// Checked to fail: with `safeNextPath` in requestSignInAction replaced by the raw field, every
// hostile case stores and lands on the hostile value.
describe("requestSignInAction: next is checked when the challenge is issued", () => {
  it.each(["//evil.example", "/\\evil.example", "https://evil.example", "https:evil.example", "javascript:alert(1)"])(
    "a posted next=%s is stored, bound and followed as /account",
    async (next) => {
      expect(await signInWithNext(next)).toEqual({ stored: "/account", bound: "/account", landed: "/account" });
    },
  );

  it("a posted same-origin next is kept", async () => {
    const next = "/account?tab=sessions#top";
    expect(await signInWithNext(next)).toEqual({ stored: next, bound: next, landed: next });
  });
});

// A request throttled for its address answers exactly like a sent one, but binds no new
// challenge: the browser keeps the one it was sent for that same address, and has none for any
// other. Checked to fail: with the previous cid kept whatever the address, the first test fails
// (the binding names A's challenge, so A's code would sign in from a page that names B); with it
// always dropped, the second does (A's code checks nothing).
describe("requestSignInAction: a request throttled for its address", () => {
  it("binds no challenge when the address changed: the other address's code checks nothing", async () => {
    const [a, b] = [freshEmail(), freshEmail()];
    // This browser asked for b a moment ago (b is within this browser's 60 s cooldown), then a.
    await ask(b);
    await ask(a);
    await ask(b);
    expect(sentTo(b)).toBe(1);
    expect(await bindingCookie.read()).toMatchObject({ cid: null, email: b, next: "/account" });
    const state = await verifyCodeAction(idleState, form({ code: codeSentTo(a) }));
    expect(state).toEqual({ status: "error", message: messages.noChallenge });
    expect(await sessionsOfEmail(a)).toHaveLength(0);
  });

  it("keeps the challenge already sent when it is the same address", async () => {
    const a = freshEmail();
    await ask(a);
    const sent = await bindingCookie.read();
    await ask(a);
    expect(sentTo(a)).toBe(1);
    // Each request draws a new session id (lib/auth/cookies.ts); the challenge stays.
    expect(await bindingCookie.read()).toEqual({ ...sent, sid: expect.any(String) });
    expect(await redirectOf(verifyCodeAction(idleState, form({ code: codeSentTo(a) })))).toBe("/account");
    await runAfterTasks();
  });
});

// Without JavaScript, a code form pressed twice sends the code twice, and the browser keeps only
// the second answer (lib/auth/redeem.ts, continueUsedSignIn). Checked to fail: with continueUsedSignIn never resuming,
// the second press reads "already used".
describe("verifyCodeAction: the form sent twice, the first answer lost", () => {
  it("the right code again gets the session the first one started", async () => {
    const email = freshEmail();
    await ask(email);
    const before = saveCookies();
    const code = codeSentTo(email);
    expect(await redirectOf(verifyCodeAction(idleState, form({ code })))).toBe("/account");
    const first = (await sessionCookie.read())?.sid;
    restoreCookies(before);
    expect(await redirectOf(verifyCodeAction(idleState, form({ code })))).toBe("/account");
    expect((await sessionCookie.read())?.sid).toBe(first);
    expect(await sessionsOfEmail(email)).toHaveLength(1);
    await runAfterTasks();
  });

  it("another code does not: only the one that signed in proves it is the same form", async () => {
    const email = freshEmail();
    await ask(email);
    const before = saveCookies();
    const code = codeSentTo(email);
    await redirectOf(verifyCodeAction(idleState, form({ code })));
    restoreCookies(before);
    expect(await verifyCodeAction(idleState, form({ code: wrongCode(code) }))).toEqual({
      status: "error",
      message: statusMessages.used.code,
    });
    expect(await sessionCookie.read()).toBeNull();
    await runAfterTasks();
  });
});

// Without JavaScript the answer to a wrong code is the page the form posted to, and reloading it
// posts the form again. Checked to fail: without the lastWrong mark, the reload costs a try.
describe("verifyCodeAction: the same wrong code again", () => {
  it("from the same browser spends no new try; another code, or another browser, does", async () => {
    const email = freshEmail();
    await ask(email);
    const code = codeSentTo(email);
    const wrong = form({ code: wrongCode(code) });
    const tries = (left: number) => ({ status: "error", message: messages.wrongCode(left) });
    expect(await verifyCodeAction(idleState, wrong)).toEqual(tries(4));
    expect(await verifyCodeAction(idleState, wrong)).toEqual(tries(4));
    expect(await verifyCodeAction(idleState, form({ code: wrongCode(wrongCode(code)) }))).toEqual(tries(3));

    // Another browser bound to the same challenge (its cookie, without the mark) pays for it.
    const binding = await bindingCookie.read();
    clearCookies();
    await bindingCookie.write({ ...binding!, lastWrong: undefined });
    expect(await verifyCodeAction(idleState, wrong)).toEqual(tries(2));
    expect(await redirectOf(verifyCodeAction(idleState, form({ code })))).toBe("/account");
    await runAfterTasks();
  });
});
