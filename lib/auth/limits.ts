import "server-only";
import { authConfig } from "./config";
import { sha256 } from "./secrets";
import type { Limit } from "./rate-limit";

// Every Postgres-backed counter, built from the knobs in config.ts. Keys hash emails so the
// rate_limits table holds no addresses.
export const limits = {
  signInPerIp: (ip: string): Limit => ({
    key: `sign-in:ip:${ip}`,
    windowSeconds: 600,
    max: authConfig.sends.perIpPer10Minutes,
  }),
  sendsGlobal: (): Limit => ({
    key: "sends:global",
    windowSeconds: 60,
    max: authConfig.sends.globalPerMinute,
  }),
  codeChecksPerIp: (ip: string): Limit => ({
    key: `code-checks:ip:${ip}`,
    windowSeconds: 600,
    max: authConfig.codeChecksPerIpPer10Minutes,
  }),
  codeFailuresPerEmail: (email: string): Limit => ({
    key: `code-failures:${sha256(email)}`,
    windowSeconds: 24 * 3600,
    max: authConfig.maxCodeFailuresPerEmailPerDay,
  }),
};
