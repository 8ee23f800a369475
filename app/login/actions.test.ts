import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/app/_components/form-state";
import { bindingCookie } from "@/lib/auth/cookies";
import { listDevMailbox } from "@/lib/dev-mailbox";
import { challengeRow, freshEmail, freshIp } from "@/lib/test/auth";
import { clearCookies, redirectOf, runAfterTasks, startRequest } from "@/lib/test/request-scope";
import { requestSignInAction } from "./actions";
import { verifyCodeAction } from "./check-email/actions";

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
const codeSentTo = (email: string) => {
  const text = listDevMailbox().find((m) => m.to === email)?.text ?? "";
  return /^\s*(\d{6})\s*$/m.exec(text)?.[1] ?? "";
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
