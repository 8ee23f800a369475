import "server-only";
import { headers } from "next/headers";
import { brand } from "@/lib/brand";
import { env } from "@/lib/env";

// CSRF for auth actions and route handlers, on top of SameSite=Lax cookies and Next's own
// server-action Origin check: a cross-site request is refused outright.
export function isSameOrigin(h: Headers): boolean {
  const site = h.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = h.get("origin");
  // Browsers send Origin on every POST; only non-browser clients (curl, tests) omit both.
  if (origin === null) return true;
  // Under `Referrer-Policy: no-referrer` Chromium sends `Origin: null` for a same-origin form
  // POST; accept it only when Fetch Metadata vouches for it.
  if (origin === "null") return site === "same-origin";
  return origin === env().appUrl.origin;
}

// The client address. server/append-forwarded-for.mjs (preloaded by `npm start`/`npm run dev`)
// appends the socket's peer to X-Forwarded-For, as a proxy would, so the rightmost entry is the
// peer we talked to and each trusted proxy in front added one entry left of it: the client is
// the entry TRUSTED_PROXY_HOPS places left of the rightmost. Everything further left is
// client-written and ignored, so a spoofed X-Forwarded-For changes nothing.
export function clientIp(h: Headers): string {
  const hops = (h.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (!peerAppended() && env().trustedProxyHops === 0) return UNVERIFIED;
  // Fewer entries than proxies: it did not come through all of them; take the leftmost we have.
  // (Only the proxies must be able to reach the app, or hops > 0 trusts client-written entries.)
  const index = Math.max(0, hops.length - 1 - env().trustedProxyHops);
  return hops[index] ?? "unknown";
}

// Without the preload and without a trusted proxy nothing vouches for any entry: fail closed by
// putting every such request in one shared bucket, and say so once.
const UNVERIFIED = "unverified";
let warned = false;
function peerAppended(): boolean {
  const ok = (globalThis as { __sesameForwardedFor?: boolean }).__sesameForwardedFor === true;
  if (!ok && !warned) {
    warned = true;
    console.warn(
      `${brand.name}: server/append-forwarded-for.mjs is not preloaded and TRUSTED_PROXY_HOPS=0; per-IP limits are shared by all clients. Use \`npm start\`.`,
    );
  }
  return ok;
}

export async function requestContext(): Promise<{ ip: string; userAgent: string; sameOrigin: boolean }> {
  const h = await headers();
  return {
    ip: clientIp(h),
    userAgent: h.get("user-agent") ?? "",
    sameOrigin: isSameOrigin(h),
  };
}
