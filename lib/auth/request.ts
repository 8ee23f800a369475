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

// The client address. Each trusted proxy in front appends the address it saw to
// X-Forwarded-For, and server/append-forwarded-for.mjs (preloaded by `npm start`/`npm run dev`)
// appends the socket's peer, as a proxy would: the client is the entry TRUSTED_PROXY_HOPS places
// left of the end, counting the preload's entry when it ran (`next start` run directly, a custom
// server or a platform's runtime do not preload it). Everything further left is client-written
// and ignored, so a spoofed X-Forwarded-For changes nothing.
export function clientIp(h: Headers): string {
  const entries = (h.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const appended = peerAppended();
  const hops = env().trustedProxyHops;
  if (!appended && hops === 0) {
    warnUnverifiedOnce();
    return UNVERIFIED;
  }
  // Fewer entries than proxies: it did not come through all of them; take the leftmost we have.
  // (Only the proxies must be able to reach the app, or hops > 0 trusts client-written entries.)
  const index = Math.max(0, entries.length - (appended ? 1 : 0) - hops);
  return entries[index] ?? "unknown";
}

function peerAppended(): boolean {
  return (globalThis as { __sesameForwardedFor?: boolean }).__sesameForwardedFor === true;
}

// Without the preload and without a trusted proxy nothing vouches for any entry: fail closed by
// putting every such request in one shared bucket, and say so once.
const UNVERIFIED = "unverified";
let warned = false;
function warnUnverifiedOnce(): void {
  if (warned) return;
  warned = true;
  console.warn(
    `${brand.name}: server/append-forwarded-for.mjs is not preloaded and TRUSTED_PROXY_HOPS=0; per-IP limits are shared by all clients. Use \`npm start\`.`,
  );
}

export async function requestContext(): Promise<{ ip: string; userAgent: string; sameOrigin: boolean }> {
  const h = await headers();
  return {
    ip: clientIp(h),
    userAgent: h.get("user-agent") ?? "",
    sameOrigin: isSameOrigin(h),
  };
}
