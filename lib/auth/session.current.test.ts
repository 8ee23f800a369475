import { beforeEach, describe, expect, it, vi } from "vitest";
import { clearCookies, redirectOf, startRequest } from "@/lib/test/request-scope";
import { requireSession } from "./session";

vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);

beforeEach(() => clearCookies());

const toLogin = (next: string) => `/login?next=${encodeURIComponent(next)}`;

// A signed-out visitor comes back, after signing in, to the very page they opened: proxy.ts
// passes its path and query in x-sesame-url. Checked to fail with the old
// `requireSession(path: string)`: without an argument it sent them to /login?next=undefined.
describe("requireSession, signed out", () => {
  it("by default sends the request's own path and query as next", async () => {
    startRequest({ "x-sesame-url": "/account?x=y&tab=devices" });
    expect(await redirectOf(requireSession())).toBe(toLogin("/account?x=y&tab=devices"));
  });

  it("keeps a dynamic segment", async () => {
    startRequest({ "x-sesame-url": "/projects/42/settings" });
    expect(await redirectOf(requireSession())).toBe(toLogin("/projects/42/settings"));
  });

  it("an explicit path still wins", async () => {
    startRequest({ "x-sesame-url": "/account?x=y" });
    expect(await redirectOf(requireSession("/settings"))).toBe(toLogin("/settings"));
  });

  it("outside a request proxy.ts saw, falls back to the default next path", async () => {
    startRequest({});
    expect(await redirectOf(requireSession())).toBe(toLogin("/account"));
  });
});
