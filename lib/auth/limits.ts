import "server-only";
import { env } from "@/lib/env";
import { authConfig } from "./config";
import { ipNetworks } from "./ip-network";
import type { Limit } from "./rate-limit";

// Every Postgres-backed sliding-window counter (rate-limit.ts), built from the knobs in config.ts.
// (Per-email limits are counted from sign_in_challenges instead: the send limits in challenges.ts,
// the daily budget of wrong codes in redeem-code.ts.) Per-IP limits count the client's network:
// an IPv6 /64 is one client, and its /56 and /48 are counted too, allowed more (ip-network.ts).
export const limits = {
  signInPerIp: (ip: string): Limit[] => perNetwork("sign-in", ip, authConfig.sends.perIpPer10Minutes),
  sendsGlobal: (): Limit => ({
    key: "sends:global",
    windowSeconds: 60,
    max: env().globalSendsPerMinute,
  }),
  codeChecksPerIp: (ip: string): Limit[] => perNetwork("code-checks", ip, authConfig.codeChecksPerIpPer10Minutes),
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
