import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { clientIp, isSameOrigin } from "./http";

const h = (init: Record<string, string>) => new Headers(init);

// As under `npm start`: the preload has run (forwarded-for.test.ts covers the preload itself).
beforeAll(async () => {
  await import("@/server/append-forwarded-for.mjs");
});

// How the isSameOrigin cases were checked to fail (each rule changed in http.ts in turn,
// then restored): without the Sec-Fetch-Site check the three cross-site/same-site cases are
// accepted; accepting "same-site" fails its case; accepting every `Origin: null` fails the
// two bare-null cases; a prefix match (`startsWith`) accepts "localhost:3000.evil.example";
// comparing hosts only accepts "https://localhost:3000" too; no Origin comparison at all
// accepts the five foreign origins.
describe("isSameOrigin", () => {
  it("runs against the default APP_URL", () => {
    expect(env().appUrl.origin).toBe("http://localhost:3000");
  });

  it.each([
    [{ origin: "http://localhost:3000" }],
    [{ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }],
    // Chromium under `Referrer-Policy: no-referrer`: a same-origin form POST says Origin: null.
    [{ origin: "null", "sec-fetch-site": "same-origin" }],
    // Non-browser clients (curl, server-to-server) send neither header.
    [{}],
    [{ "sec-fetch-site": "none" }],
  ])("accepts %j", (headers) => {
    expect(isSameOrigin(h(headers))).toBe(true);
  });

  it.each([
    [{ origin: "http://evil.example" }],
    [{ origin: "http://localhost:3000.evil.example" }],
    [{ origin: "https://localhost:3000" }],
    [{ origin: "http://localhost:3001" }],
    [{ origin: "null" }],
    [{ origin: "null", "sec-fetch-site": "cross-site" }],
    [{ origin: "null", "sec-fetch-site": "same-site" }],
    [{ origin: "null", "sec-fetch-site": "none" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site" }],
    // A matching Origin does not outweigh Fetch Metadata saying the request is cross-site.
    [{ origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }],
    [{ origin: "http://evil.example", "sec-fetch-site": "same-origin" }],
  ])("rejects %j", (headers) => {
    expect(isSameOrigin(h(headers))).toBe(false);
  });
});

// The preload (server/append-forwarded-for.mjs) always appends the socket peer; these headers
// are what clientIp sees after it. Checked by hand: returning hops[0] fails these cases
// (and an off-by-one in the index would pick the proxy's address in the hop cases).
describe("clientIp with no trusted proxy (the default)", () => {
  it("takes the peer the preload appended, whatever the client wrote", () => {
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(h({ "x-forwarded-for": "10.0.0.1, 198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(h({ "x-forwarded-for": " 198.51.100.4 , " }))).toBe("198.51.100.4");
  });

  it("says unknown when there is no address", () => {
    expect(clientIp(h({}))).toBe("unknown");
    expect(clientIp(h({ "x-forwarded-for": " , " }))).toBe("unknown");
  });

  // Issue 18 §4. Checked to fail on main, where each port was a bucket of its own and any string
  // (a proxy's "unknown", garbage) was a bucket of its own too.
  it("strips a port a proxy appended, and puts anything that is not an address in one bucket", () => {
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.4:51234" }))).toBe("198.51.100.4");
    expect(clientIp(h({ "x-forwarded-for": "[2001:db8::7]:443" }))).toBe("2001:db8::7");
    expect(clientIp(h({ "x-forwarded-for": "[2001:db8::7]" }))).toBe("2001:db8::7");
    expect(clientIp(h({ "x-forwarded-for": "2001:db8::7" }))).toBe("2001:db8::7");
    expect(clientIp(h({ "x-forwarded-for": "::ffff:198.51.100.4" }))).toBe("::ffff:198.51.100.4");
    for (const junk of ["unknown", "_hidden", "198.51.100.4:x", "300.1.1.1", "[2001:db8::7]:", "host.example:80"]) {
      expect(clientIp(h({ "x-forwarded-for": junk }))).toBe("unknown");
    }
  });
});

// env() is read once per module instance, so each case loads ./request afresh.
async function clientIpWithHops(hops: string) {
  vi.stubEnv("TRUSTED_PROXY_HOPS", hops);
  vi.resetModules();
  return (await import("./http")).clientIp;
}

describe("clientIp behind trusted proxies", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  // Each proxy appends the address it saw and the preload appends the proxy's: with N trusted
  // proxies the client is N entries left of the rightmost, and anything further left was
  // written by the client.
  it("one proxy: the entry it appended, whatever the client sent", async () => {
    const ip = await clientIpWithHops("1");
    expect(ip(h({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
    expect(ip(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
    expect(ip(h({ "x-forwarded-for": "1.1.1.1, 6.6.6.6, 203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
  });

  it("two proxies: the entry the outer one appended", async () => {
    const ip = await clientIpWithHops("2");
    expect(ip(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 192.0.2.10, 10.0.0.2" }))).toBe("203.0.113.9");
    expect(ip(h({ "x-forwarded-for": "203.0.113.9, 192.0.2.10, 10.0.0.2" }))).toBe("203.0.113.9");
  });

  // `next start` run directly (a Dockerfile's CMD, say) or a platform's runtime: no entry of
  // the socket's peer at the end, so the last proxy's entry is the last one. Reading it as if
  // the preload had run would pick what the client wrote.
  describe("without the preload", () => {
    const flag = globalThis as { __sesameForwardedFor?: boolean };
    beforeEach(() => {
      delete flag.__sesameForwardedFor;
    });
    afterEach(() => {
      flag.__sesameForwardedFor = true;
    });

    it("one proxy (nginx's $proxy_add_x_forwarded_for): the entry it appended", async () => {
      const ip = await clientIpWithHops("1");
      expect(ip(h({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
      expect(ip(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
      expect(ip(h({ "x-forwarded-for": "2001:db8:1::1, 7.7.7.7, 203.0.113.9" }))).toBe("203.0.113.9");
    });

    it("two proxies: the entry the outer one appended", async () => {
      const ip = await clientIpWithHops("2");
      expect(ip(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 192.0.2.10" }))).toBe("203.0.113.9");
    });

    it("no proxy either: one shared bucket, whatever the client wrote", async () => {
      const ip = await clientIpWithHops("0");
      expect(ip(h({ "x-forwarded-for": "6.6.6.6" }))).toBe("unverified");
      expect(ip(h({}))).toBe("unverified");
    });
  });
});
