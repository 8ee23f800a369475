import "server-only";
import { headers } from "next/headers";
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

// The client address: the X-Forwarded-For entry appended by the outermost proxy we trust.
// Next sets the header from the socket only when it is absent and never appends, so with N
// trusted proxies the client is the N-th entry from the right; everything left of it is
// client-written. TRUSTED_PROXY_HOPS=0 (the default) trusts none and takes the last hop Next saw.
export function clientIp(h: Headers): string {
  const hops = (h.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const index = hops.length - Math.max(1, env().trustedProxyHops);
  return hops[Math.max(0, index)] ?? "unknown";
}

export async function requestContext(): Promise<{ ip: string; userAgent: string; sameOrigin: boolean }> {
  const h = await headers();
  return {
    ip: clientIp(h),
    userAgent: h.get("user-agent") ?? "",
    sameOrigin: isSameOrigin(h),
  };
}
