import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { authConfig, type SignUpMode } from "./auth/config";
import { brand } from "./brand";
import { appUrlOf, DEFAULT_PGLITE_DIR, readEnv } from "./env-schema";

// The values the app reads, from readEnv (lib/env-schema.ts, the one reader of the configuration
// variables). Parsed lazily so `next build` needs no secrets.
export type Env = {
  isProduction: boolean;
  appUrl: URL;
  sessionSecret: string;
  // The secret SESSION_SECRET replaced: still opens cookies and checks codes, never seals.
  previousSessionSecret: string | undefined;
  databaseUrl: string | undefined;
  pgliteDir: string;
  resendApiKey: string | undefined;
  emailFrom: string;
  trustedProxyHops: number;
  linkLifetimeSeconds: number;
  // What a code really lives: never longer than its challenge's link, whatever is configured.
  codeLifetimeSeconds: number;
  globalSendsPerMinute: number;
  signUp: SignUpMode;
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const raw = readEnv();
  const linkLifetimeSeconds = raw.LINK_LIFETIME_SECONDS ?? authConfig.linkLifetimeMinutes * 60;
  const sessionSecret = raw.SESSION_SECRET ?? devSessionSecret();
  cached = {
    isProduction: raw.NODE_ENV === "production",
    appUrl: appUrlOf(raw),
    sessionSecret,
    previousSessionSecret: raw.SESSION_SECRET_PREVIOUS === sessionSecret ? undefined : raw.SESSION_SECRET_PREVIOUS,
    databaseUrl: raw.DATABASE_URL,
    pgliteDir: raw.PGLITE_DIR ?? DEFAULT_PGLITE_DIR,
    resendApiKey: raw.RESEND_API_KEY,
    emailFrom: raw.EMAIL_FROM ?? `${brand.name} <onboarding@resend.dev>`,
    trustedProxyHops: raw.TRUSTED_PROXY_HOPS,
    linkLifetimeSeconds,
    codeLifetimeSeconds: Math.min(
      raw.CODE_LIFETIME_SECONDS ?? authConfig.codeLifetimeMinutes * 60,
      linkLifetimeSeconds,
    ),
    globalSendsPerMinute: raw.GLOBAL_SENDS_PER_MINUTE ?? authConfig.sends.globalPerMinute,
    signUp: raw.SIGN_UP ?? authConfig.signUp,
  };
  return cached;
}

// Development needs no setup: a random secret is made once and kept beside the dev database,
// so sessions survive restarts. Production refuses to start without SESSION_SECRET instead.
function devSessionSecret(): string {
  const file = path.join(".data", "dev-session-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    mkdirSync(".data", { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

// Known when the bundle is built, so production builds compile dev-only pages down to a 404.
// Read here rather than through readEnv on purpose: the bundler inlines only the literal
// `process.env.NODE_ENV`, which is what lets it drop the dev-only code.
export const isProductionBuild = process.env.NODE_ENV === "production";
