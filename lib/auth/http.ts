import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";
import { brand } from "@/lib/brand";
import { env, forwardedForPreloaded } from "@/lib/env";
import { authConfig } from "./config";

// What a request says about itself, read the way it can be trusted: whether it came from this
// site, the client's address, the path it was made for, and where it may go after sign-in.

// The client, as the audit trail, the limits and the device list see it.
export type ClientMeta = { ip: string; userAgent: string };

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
  const appended = forwardedForPreloaded();
  const hops = env().trustedProxyHops;
  if (!appended && hops === 0) {
    warnUnverifiedOnce();
    return UNVERIFIED;
  }
  // Fewer entries than proxies: it did not come through all of them; take the leftmost we have.
  // (Only the proxies must be able to reach the app, or hops > 0 trusts client-written entries.)
  const index = Math.max(0, entries.length - (appended ? 1 : 0) - hops);
  return addressOf(entries[index]);
}

// Some proxies append "ip:port" ("203.0.113.9:51234", "[2001:db8::1]:443"): a new port per
// connection must not make a new bucket, so the port goes. Whatever is still not an address
// (missing, "unknown", garbage) shares the one NOT_AN_IP bucket.
function addressOf(entry: string | undefined): string {
  if (!entry) return NOT_AN_IP;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  const dottedWithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  const address = bracketed?.[1] ?? dottedWithPort?.[1] ?? entry;
  return isIP(address) ? address : NOT_AN_IP;
}
const NOT_AN_IP = "unknown";

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

// Who is asking, for a server action: the client, and whether the request came from this site.
export async function requestContext(): Promise<ClientMeta & { sameOrigin: boolean }> {
  const h = await headers();
  return {
    ip: clientIp(h),
    userAgent: h.get("user-agent") ?? "",
    sameOrigin: isSameOrigin(h),
  };
}

// A refusal in plain text, before any page or form code runs: 413 for a body over the limit,
// 411 for a POST that does not say how long its body is.
// `text`: app/messages.ts's words for it.
export function refuseBody(status: 411 | 413, text: string): Response {
  return new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
}

// A form body, read at most `max` bytes far whatever its framing (a Content-Length can be absent
// or untrue): past the limit the read stops, the stream is cancelled and nothing is parsed.
// `form` is null for a body that is no form.
export type BoundedForm = { ok: true; form: FormData | null } | { ok: false; reason: "too_large" };
export async function readFormWithin(request: Request, max: number): Promise<BoundedForm> {
  if (!request.body) return { ok: true, form: null };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  const headers = { "Content-Type": request.headers.get("content-type") ?? "" };
  const form = await new Response(Buffer.concat(chunks), { headers }).formData().catch(() => null);
  return { ok: true, form };
}

// proxy.ts copies each request's path and query here, overwriting whatever a client sent: pages
// and server actions cannot read their own URL in Next 16 (a server action's request URL is the
// page it was posted from), yet the sign-in and outage redirects must bring people back to it.
// Still input: every reader passes it through safeNextPath like any `next`.
export const REQUEST_PATH_HEADER = "x-sesame-url";

// The path and query this request was made for, or null outside a request proxy.ts saw.
export async function requestPath(): Promise<string | null> {
  return (await headers()).get(REQUEST_PATH_HEADER);
}

// Where to go after sign-in. Checked when the challenge is issued and stored with it, so the
// link itself carries no redirect target. Only same-origin paths survive; anything that a
// browser could read as another host (//evil, /\evil, https:evil, encoded slashes) is dropped.
export function safeNextPath(raw: unknown, appUrl: URL): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) {
    return authConfig.defaultNextPath;
  }
  // Encoded slashes matter only in the path; in the query ("?q=a%2Fb") they are just data.
  const path = raw.split(/[?#]/, 1)[0]!;
  const suspicious =
    !raw.startsWith("/") ||
    raw.startsWith("//") ||
    /[\\\u0000-\u001f\u007f]/.test(raw) ||
    /%(2f|5c)/i.test(path) ||
    /%(0[0-9a-f]|1[0-9a-f])/i.test(raw);
  if (suspicious) return authConfig.defaultNextPath;
  try {
    const url = new URL(raw, appUrl);
    if (url.origin !== appUrl.origin) return authConfig.defaultNextPath;
    // Dot segments can collapse into a protocol-relative path: "/.//evil" parses to "//evil".
    if (url.pathname.startsWith("//")) return authConfig.defaultNextPath;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return authConfig.defaultNextPath;
  }
}
