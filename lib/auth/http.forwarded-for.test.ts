import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "./http";

// The preload that `npm start` and `npm run dev` load (server/append-forwarded-for.mjs), on a
// real HTTP server: whatever X-Forwarded-For a client sends, the socket's peer ends up last, so
// clientIp with TRUSTED_PROXY_HOPS=0 (the default here) is the real peer. Checked by hand:
// with clientIp taking the leftmost entry the spoof test fails; without the import below
// clientIp answers "unverified" and both fail.
let seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers);
  res.end("ok");
});
let port = 0;

beforeAll(async () => {
  await import("@/server/append-forwarded-for.mjs");
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(headers: Record<string, string>): Promise<Headers> {
  seen = [];
  return new Promise((resolve, reject) => {
    request({ port, host: "127.0.0.1", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(new Headers(seen[0] as Record<string, string>)));
    })
      .on("error", reject)
      .end();
  });
}

describe("X-Forwarded-For with no trusted proxy", () => {
  it("is the socket peer when the client sends none", async () => {
    expect(clientIp(await get({}))).toBe("127.0.0.1");
  });

  it("X-Forwarded-For cannot dodge the per-IP limit: a spoofed header changes nothing", async () => {
    for (const spoof of ["203.0.113.66", "1.1.1.1, 2.2.2.2", "unknown", "  "]) {
      const headers = await get({ "X-Forwarded-For": spoof });
      expect(headers.get("x-forwarded-for")?.endsWith(", 127.0.0.1") || spoof.trim() === "").toBe(true);
      expect(clientIp(headers)).toBe("127.0.0.1");
    }
  });
});
