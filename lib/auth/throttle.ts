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
  // A client network's sends in the global cap's window, held to its share once the cap is busy.
  sendsPerNetwork: (ip: string): Limit => ({
    key: `sends:network:${wideNetwork(ip)}`,
    windowSeconds: 60,
    max: Math.max(1, Math.floor(env().globalSendsPerMinute * authConfig.sends.globalSharePerNetwork)),
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
// `seen`: what hitLimits read of the previous window just before; reused when the upsert lands
// in the window that read was made in (the previous one is closed: its count no longer moves).
export async function hitLimit(db: Db | Tx, limit: Limit, seen?: Seen): Promise<LimitResult> {
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
      window: sql<string>`extract(epoch from ${rateLimits.windowStart})::text`,
    });
  // An upsert with RETURNING always yields its row; were it ever missing, admitting the request
  // would fail open, so refuse loudly instead.
  if (!current) throw new Error(`Rate limit ${key}: the counter upsert returned no row`);
  const previous =
    seen && Number(seen.window) === Number(current.window)
      ? seen.previousHits
      : ((
          await db
            .select({ hits: rateLimits.hits })
            .from(rateLimits)
            .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart(w, 1))))
        )[0]?.hits ?? 0);
  const counts = { previous, current: current.hits, elapsed: Number(current.elapsed) };
  if (estimate(counts, w) <= max) return { ok: true };
  return { ok: false, retryAfterSeconds: secondsUntilAdmitted(counts, w, max), recordable: current.hits <= 2 * max };
}

// A request counted in several networks (`limits`, narrowest first): admitted only if every one
// admits it. All are read first, in one query that writes nothing: a request one of them would
// refuse is counted only there (the narrowest refusing one, so a client refused for its own
// address does not also use up the allowance of the wider networks it shares with others), and
// a new /64 inside an exhausted /48 adds no row of its own (400 such requests: 0 new rows, not
// 403). Otherwise each is counted, narrowest first, and the first refusal (a race since the
// read) stops the count.
export async function hitLimits(db: Db | Tx, limits: Limit[]): Promise<LimitResult> {
  const seen = await peekLimits(db, limits);
  const refusing = seen.findIndex(({ admits }) => !admits);
  if (refusing >= 0) return hitLimit(db, limits[refusing]!, seen[refusing]);
  for (const [i, limit] of limits.entries()) {
    const result = await hitLimit(db, limit, seen[i]);
    if (!result.ok) return result;
  }
  return { ok: true };
}

type Seen = { admits: boolean; previousHits: number; window: string };

// Whether each limit would admit one more hit now, from its rows as they stand; and what the
// previous window held, with the start (epoch seconds) of the window this was read in.
async function peekLimits(db: Db | Tx, limits: Limit[]): Promise<Seen[]> {
  const rows = await db
    .select({
      key: rateLimits.key,
      hits: rateLimits.hits,
      start: sql<string>`extract(epoch from ${rateLimits.windowStart})::text`,
      now: sql<number>`extract(epoch from now())::float8`,
    })
    .from(rateLimits)
    .where(
      sql.join(
        limits.map(
          ({ key, windowSeconds: w }) =>
            sql`(${rateLimits.key} = ${key} and ${rateLimits.windowStart} in (${windowStart(w)}, ${windowStart(w, 1)}))`,
        ),
        sql` or `,
      ),
    );
  // No row at all: nothing to weigh, and `window` only decides whether hitLimit reads again.
  const now = rows[0] ? Number(rows[0].now) : Date.now() / 1000;
  return limits.map(({ key, windowSeconds: w, max }) => {
    const start = Math.floor(now / w) * w;
    const hitsAt = (at: number) => rows.find((row) => row.key === key && Number(row.start) === at)?.hits ?? 0;
    const counts = { previous: hitsAt(start - w), current: hitsAt(start) + 1, elapsed: now - start };
    return { admits: estimate(counts, w) <= max, previousHits: counts.previous, window: String(start) };
  });
}

// The deployment-wide send cap, shared fairly. Below `globalFairShareFrom` of the cap every send
// is admitted; past it, each client network may have sent at most its share this minute
// (sendsPerNetwork), so one network flooding the cap is refused, not everyone else. Its sends are
// counted all along (the count decides once the cap is busy), but a send its share refuses is
// not counted against the deployment. `shared`: the share refused, not the cap itself.
export async function hitSendCaps(db: Db | Tx, ip: string): Promise<LimitResult & { shared?: boolean }> {
  const global = limits.sendsGlobal();
  const busy = (await readLimit(db, global)) >= global.max * authConfig.sends.globalFairShareFrom;
  const own = await hitLimit(db, limits.sendsPerNetwork(ip));
  if (busy && !own.ok) return { ...own, shared: true };
  return hitLimit(db, global);
}

// A counter's sliding estimate, read without counting anything.
async function readLimit(db: Db | Tx, limit: Limit): Promise<number> {
  const { key, windowSeconds: w } = limit;
  const rows = await db
    .select({
      hits: rateLimits.hits,
      current: sql<boolean>`${rateLimits.windowStart} = ${windowStart(w)}`,
      elapsed: sql<number>`extract(epoch from now() - ${windowStart(w)})::float8`,
    })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), sql`${rateLimits.windowStart} >= ${windowStart(w, 1)}`));
  const current = rows.find((r) => r.current);
  const previous = rows.find((r) => !r.current);
  const elapsed = Number(rows[0]?.elapsed ?? 0);
  return estimate({ previous: previous?.hits ?? 0, current: current?.hits ?? 0, elapsed }, w);
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

// The network a client shares with its neighbours, for the global cap's fair shares and for
// naming where a sign-in came from: an IPv4 /24, an IPv6 /48 (a site's whole allocation).
export function wideNetwork(ip: string): string {
  const networks = ipNetworks(ip);
  const narrowest = networks[0];
  if (isIP(narrowest) === 4) return `${narrowest.split(".").slice(0, 3).join(".")}.0/24`;
  return networks[networks.length - 1]!;
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
