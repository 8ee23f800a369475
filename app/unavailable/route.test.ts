import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { redirectOf, startRequest } from "@/lib/test/request-scope";
import { GET } from "./route";

// The way out of the 503 page: a page or server action that met a database outage redirects to
// /unavailable?from=<its own path and query>; /unavailable sends the person back there as soon
// as the database answers (here it does: the suite's PGlite). e2e/postgres/outage.spec.ts shows
// the 503 page while it does not. Checked to fail against the old bare redirect("/unavailable")
// and the route that answered 503 whatever the database said.
vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const visit = (query: string) => GET(new NextRequest(`http://localhost:3000/unavailable${query}`));

describe("redirectIfDbUnavailable", () => {
  it("sends the page's own path and query along as from", async () => {
    startRequest({ "x-sesame-url": "/account?tab=x" });
    expect(await redirectOf(redirectIfDbUnavailable(refused))).toBe(
      `/unavailable?from=${encodeURIComponent("/account?tab=x")}`,
    );
  });

  it("checks it like any next", async () => {
    startRequest({ "x-sesame-url": "//evil.example/account" });
    expect(await redirectOf(redirectIfDbUnavailable(refused))).toBe("/unavailable?from=%2Faccount");
  });
});

describe("GET /unavailable with the database answering", () => {
  it("303s back to from, path and query, with a relative Location", async () => {
    const response = await visit(`?from=${encodeURIComponent("/account?tab=x&y=1")}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account?tab=x&y=1");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    "//evil.example",
    "https://evil.example/",
    "/%2F%2Fevil.example",
    "javascript:alert(1)",
    "/unavailable",
    "/unavailable/",
    "/unavailable?from=%2Funavailable",
    "/%75navailable",
  ])("refuses from=%s: back to /account instead", async (from) => {
    const response = await visit(`?from=${encodeURIComponent(from)}`);
    expect(response.headers.get("location")).toBe("/account");
  });

  it("with no from at all, goes to /account too", async () => {
    expect((await visit("")).headers.get("location")).toBe("/account");
  });
});
