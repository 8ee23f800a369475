import "server-only";
import { env } from "@/lib/env";
import { authConfig } from "./config";
import { ipNetwork } from "./ip-network";
import type { Limit } from "./rate-limit";

// Every Postgres-backed sliding-window counter (rate-limit.ts), built from the knobs in config.ts.
// (Per-email limits are counted from sign_in_challenges instead: the send limits in challenges.ts,
// the daily budget of wrong codes in redeem-code.ts.) Per-IP limits count the client's network:
// an IPv6 /64 is one client (ip-network.ts).
export const limits = {
  signInPerIp: (ip: string): Limit => ({
    key: `sign-in:ip:${ipNetwork(ip)}`,
    windowSeconds: 600,
    max: authConfig.sends.perIpPer10Minutes,
  }),
  sendsGlobal: (): Limit => ({
    key: "sends:global",
    windowSeconds: 60,
    max: env().globalSendsPerMinute,
  }),
  codeChecksPerIp: (ip: string): Limit => ({
    key: `code-checks:ip:${ipNetwork(ip)}`,
    windowSeconds: 600,
    max: authConfig.codeChecksPerIpPer10Minutes,
  }),
};
