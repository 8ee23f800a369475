import { isIP } from "node:net";

// What a per-IP limit counts: the client's network, not its exact address. An IPv6 client is
// usually given a whole /64 and could rotate through its 2⁶⁴ addresses to dodge a per-address
// limit. An IPv4 address carried in IPv6 (mapped ::ffff:192.0.2.1, translated ::ffff:0:…, or
// the NAT64 prefix 64:ff9b::/96) is that IPv4 address: behind a translator every IPv4 client
// would otherwise share one /64. Anything that is not an address ("unverified", see
// request.ts) is its own bucket.
export function ipNetwork(ip: string): string {
  return ipNetworks(ip)[0]!;
}

// Every network a per-IP limit counts the client in, narrowest first: the one above, and for
// IPv6 also the /56 and the /48 around its /64. A household is usually given a /56 (256 /64s)
// and a tunnel broker hands out /48s (65,536 /64s) for free, so a limit on /64s alone can be
// dodged by rotating through them; limits.ts allows the wider networks more.
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
