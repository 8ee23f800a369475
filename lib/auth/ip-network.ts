import { isIP } from "node:net";

// What a per-IP limit counts: the client's network, not its exact address. An IPv6 client is
// usually given a whole /64 and could rotate through its 2⁶⁴ addresses to dodge a per-address
// limit; an IPv4 address written as IPv6 (::ffff:192.0.2.1) is that IPv4 address. Anything
// that is not an address ("unverified", see request.ts) is its own bucket.
export function ipNetwork(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  if (isIP(address) === 4) return address;
  if (isIP(address) !== 6) return ip;
  const groups = expandIpv6(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

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
