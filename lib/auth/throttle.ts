import "server-only";
import { isIP } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";
import { authConfig } from "./config";

// Throttles: Postgres-backed sliding-window counters (so they hold across app instances and
// serverless), the limits built from config.ts, and the client networks a per-IP limit counts.
// Per-email limits are counted from sign_in_challenges instead: the send limits in challenge.ts,
// the daily budget of wrong codes in redeem.ts.

// Every counter. Per-IP limits count the client's network: an IPv6 /64 is one client, and its
// /56 and /48 are counted too, allowed more (ipNetworks below).
export const limits = {
  signInPerIp: (ip: string): Limit[] => perNetwork("sign-in", ip, authConfig.sends.perIpPer10Minutes),
  sendsGlobal: (): Limit => ({
    key: "sends:global",
    windowSeconds: 60,
    max: env().globalSendsPerMinute,
  }),
  codeChecksPerIp: (ip: string): Limit[] => perNetwork("code-checks", ip, authConfig.codeChecksPerIpPer10Minutes),
  passkeySignInsPerIp: (ip: string): Limit[] =>
    perNetwork("passkey-sign-ins", ip, authConfig.passkey.signInsPerIpPer10Minutes),
  linkFailuresPerIp: (ip: string): Limit[] =>
    perNetwork("link-failures", ip, authConfig.recordedLinkFailuresPerIpPer10Minutes),
};

// Narrowest first, each wider network allowed a multiple of the client's own limit.
function perNetwork(name: string, ip: string, max: number): Limit[] {
  return ipNetworks(ip).map((network, i) => ({
    key: `${name}:ip:${network}`,
    windowSeconds: 600,
    max: max * (authConfig.ipv6WiderNetworkAllowance[i - 1] ?? 1),
  }));
}

// Which limit refused a request, and when one more would be admitted: app/messages.ts words
// each. "ip", "email", "global": sign-in requests per client network, sends per address, sends
// per deployment. "code-ip", "code-email": code checks per client network, wrong codes per
// address per day. The last names no wait (0): its budget frees up as the address's challenges
// leave the 24 h window, and its message sends people to the link instead.
// "passkey-ip": passkey sign-ins per client network.
export type ThrottleLimit = "ip" | "email" | "global" | "code-ip" | "code-email" | "passkey-ip";
export type Throttle<L extends ThrottleLimit = ThrottleLimit> = { limit: L; retryAfterSeconds: number };

export type Limit = { key: string; windowSeconds: number; max: number };
// `recordable`: whether this refusal is still worth an audit event. The first ones in a window
// are; past 2 × max they say nothing new, and an event for each would let one client fill
// auth_events at the rate it can send requests.
export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; recordable: boolean };

// Windows are cut by the database clock, so every app instance agrees on them.
const windowStart = (seconds: number, windowsBack = 0) =>
  sql`to_timestamp((floor(extract(epoch from now()) / ${seconds}) - ${windowsBack}) * ${seconds})`;

// A sliding-window counter: the hits of this fixed window plus the previous window's hits,
// weighted by how much of it the sliding window still covers. Plain fixed windows would let
// 2 × max through in a burst straddling a boundary (max at 9:59, max more at 10:00).
// Counted in Postgres, so the limit holds across app instances and serverless; the upsert both
// counts and reads, so parallel requests cannot slip past the cap.
export async function hitLimit(db: Db | Tx, limit: Limit): Promise<LimitResult> {
  const { key, windowSeconds: w, max } = limit;
  const [current] = await db
    .insert(rateLimits)
    .values({ key, windowStart: windowStart(w), hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    })
    .returning({
      hits: rateLimits.hits,
      elapsed: sql<number>`extract(epoch from now() - ${rateLimits.windowStart})::float8`,
    });
  // An upsert with RETURNING always yields its row; were it ever missing, admitting the request
  // would fail open, so refuse loudly instead.
  if (!current) throw new Error(`Rate limit ${key}: the counter upsert returned no row`);
  const [previous] = await db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart(w, 1))));
  const counts = { previous: previous?.hits ?? 0, current: current.hits, elapsed: Number(current.elapsed) };
  if (estimate(counts, w) <= max) return { ok: true };
  return { ok: false, retryAfterSeconds: secondsUntilAdmitted(counts, w, max), recordable: current.hits <= 2 * max };
}

// A request counted in several networks (`limits`): admitted only if every one admits it. The
// first refusal stops the count, so a client refused for its own address does not also use up
// the allowance of the wider networks it shares with others.
export async function hitLimits(db: Db | Tx, limits: Limit[]): Promise<LimitResult> {
  for (const limit of limits) {
    const result = await hitLimit(db, limit);
    if (!result.ok) return result;
  }
  return { ok: true };
}

type Counts = { previous: number; current: number; elapsed: number };

function estimate({ previous, current, elapsed }: Counts, w: number): number {
  return previous * Math.max(0, (w - elapsed) / w) + current;
}

// When one more request would be admitted if nothing else arrives: "Try again in N minutes"
// must be true, or people retry into another refusal.
export function secondsUntilAdmitted({ previous, current, elapsed }: Counts, w: number, max: number): number {
  const next = current + 1;
  const leftInWindow = Math.max(0, w - elapsed);
  // Still in this window: wait until the previous window's weight has shrunk enough.
  if (next <= max && previous > 0) {
    const wait = leftInWindow - (w * (max - next)) / previous;
    return Math.max(1, Math.ceil(wait));
  }
  // Next window: this window's hits become the weighted previous ones.
  return Math.max(1, Math.ceil(leftInWindow + w * Math.max(0, 1 - (max - 1) / current)));
}

// What a per-IP limit counts: the client's network, not its exact address. An IPv6 client is
// usually given a whole /64 and could rotate through its 2⁶⁴ addresses to dodge a per-address
// limit. An IPv4 address carried in IPv6 (mapped ::ffff:192.0.2.1, translated ::ffff:0:…, or
// the NAT64 prefix 64:ff9b::/96) is that IPv4 address: behind a translator every IPv4 client
// would otherwise share one /64. Anything that is not an address ("unverified", see http.ts)
// is its own bucket.
export function ipNetwork(ip: string): string {
  return ipNetworks(ip)[0]!;
}

// Every network a per-IP limit counts the client in, narrowest first: the one above, and for
// IPv6 also the /56 and the /48 around its /64. A household is usually given a /56 (256 /64s)
// and a tunnel broker hands out /48s (65,536 /64s) for free, so a limit on /64s alone can be
// dodged by rotating through them; `limits` allows the wider networks more.
export function ipNetworks(ip: string): [string, ...string[]] {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  if (isIP(address) === 4) return [address];
  if (isIP(address) !== 6) return [ip];
  const groups = expandIpv6(address);
  if (IPV4_PREFIXES.some((prefix) => prefix.every((g, i) => groups[i] === g))) {
    const [high, low] = [groups[6]!, groups[7]!];
    return [[high >> 8, high & 255, low >> 8, low & 255].join(".")];
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  return [
    `${hex(groups.slice(0, 4))}::/64`,
    `${hex([...groups.slice(0, 3), groups[3]! & 0xff00])}::/56`,
    `${hex(groups.slice(0, 3))}::/48`,
  ];
}

// The first 96 bits of the IPv6 forms whose last 32 bits are an IPv4 address.
const IPV4_PREFIXES = [
  [0, 0, 0, 0, 0, 0xffff], // ::ffff:0:0/96, mapped
  [0, 0, 0, 0, 0xffff, 0], // ::ffff:0:0:0/96, translated (SIIT)
  [0x64, 0xff9b, 0, 0, 0, 0], // 64:ff9b::/96, NAT64's well-known prefix
];

// Eight 16-bit groups from any valid IPv6 text form ("::", a trailing dotted IPv4 part).
function expandIpv6(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = address.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
