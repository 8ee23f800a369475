import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { authConfig, type SignUpMode } from "./auth/config";
import { brand } from "./brand";

// The only reader of process.env (besides NODE_ENV, which isProductionBuild leaves for the bundler
// to inline, and lib/env-files.ts's choice of files). No `server-only`: next.config.ts refuses a
// bad production start with it, and the scripts and drizzle.config.ts read it outside Next, after
// lib/env-files.ts has loaded `.env.local` and the rest as Next does. Names are the template's
// public interface; .env.example mirrors them.
export const EXAMPLE_SESSION_SECRET = "replace-me-with-32-or-more-random-characters";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const optionalInt = (min: number, max: number) =>
  optional
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(min).max(max).optional());

// The .env.example placeholder counts as unset: development then generates a secret, and
// production refuses to start.
const secret = (name: string) =>
  optional
    .transform((v) => (v === EXAMPLE_SESSION_SECRET ? undefined : v))
    .pipe(z.string().min(32, `${name} must be at least 32 characters`).optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SESSION_SECRET: secret("SESSION_SECRET"),
  // Rotation: the secret SESSION_SECRET replaced. Cookies and codes made under it stay valid;
  // nothing new is made with it. Remove it once the longest cookie lifetime (30 days) has passed.
  SESSION_SECRET_PREVIOUS: secret("SESSION_SECRET_PREVIOUS"),
  DATABASE_URL: optional,
  PGLITE_DIR: optional,
  RESEND_API_KEY: optional,
  EMAIL_FROM: optional,
  TRUSTED_PROXY_HOPS: optionalInt(0, 10).transform((v) => v ?? 0),
  // Optional, shorter-than-default lifetimes; authConfig's are also the maxima.
  LINK_LIFETIME_SECONDS: optionalInt(1, authConfig.linkLifetimeSeconds),
  CODE_LIFETIME_SECONDS: optionalInt(1, authConfig.codeLifetimeSeconds),
  // The deployment-wide ceiling on sign-in emails per minute; size it to your email plan.
  GLOBAL_SENDS_PER_MINUTE: optionalInt(1, 1_000_000),
  // Overrides authConfig.signUp for this deployment: "open" or "invite-only".
  SIGN_UP: optional.pipe(z.enum(["open", "invite-only"]).optional()),
  // Set by `next dev` / `next start` to the port they bound (next dev moves off a busy 3000 by
  // itself); only used for the development default of APP_URL.
  PORT: optionalInt(1, 65_535),
});

export type RawEnv = z.infer<typeof schema>;

// Every setting this file reads, each empty. Servers that tests and the bench start spread it
// first: Next (and lib/env-files.ts) fill from `.env.local` and the other env files only what
// the environment leaves undefined, so a developer's own settings (a DATABASE_URL, SIGN_UP)
// never reach them. Empty reads as unset, as in .env.example.
export const noSettingsFromEnvFiles: Record<string, string> = Object.fromEntries(
  Object.keys(schema.shape)
    .filter((name) => name !== "NODE_ENV" && name !== "PORT")
    .map((name) => [name, ""]),
);

const requiredInProduction = ["APP_URL", "SESSION_SECRET", "RESEND_API_KEY", "EMAIL_FROM"] as const;

export function parseEnv(source: Record<string, string | undefined>): RawEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production") {
    const missing = requiredInProduction.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(
        `Missing in production: ${missing.join(", ")} (see .env.example; SESSION_SECRET must not be its placeholder)`,
      );
    }
    // Every cookie is Secure in production, and browsers keep Secure cookies only from https or
    // from this machine: served over plain http from anywhere else, nobody could sign in, and
    // nothing would say why.
    const appUrl = new URL(env.APP_URL!);
    if (appUrl.protocol === "http:" && !isLoopback(appUrl.hostname)) {
      throw new Error(
        `APP_URL must be https in production (browsers drop Secure cookies over plain http), not ${appUrl.origin}`,
      );
    }
  }
  return env;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || /^127\./.test(hostname) || hostname === "[::1]";
}

// The one reader of these variables: env() below for the app; the scripts, drizzle.config.ts and
// next.config.ts directly.
export function readEnv(overrides: Record<string, string | undefined> = {}): RawEnv {
  return parseEnv({ ...process.env, ...overrides });
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

// Where the app and every script find the database.
export function databaseTarget(env: RawEnv): { databaseUrl: string } | { pgliteDir: string } {
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR };
}

// server/append-forwarded-for.mjs sets this flag when it is preloaded (NODE_OPTIONS=--import, as
// `npm start` and `npm run dev` do): only then is X-Forwarded-For's last entry the real peer.
export function forwardedForPreloaded(): boolean {
  return (globalThis as { __sesameForwardedFor?: boolean }).__sesameForwardedFor === true;
}

// Neither the preload nor a trusted proxy: nothing tells clients apart, so every per-IP limit
// would be one bucket that any one client can fill for everybody (lib/auth/http.ts). A production
// server refuses to start that way (next.config.ts).
export function assertClientIpsKnown(env: RawEnv): void {
  if (forwardedForPreloaded() || env.TRUSTED_PROXY_HOPS > 0) return;
  throw new Error(
    "client IPs unknown: start with `npm start` (it preloads server/append-forwarded-for.mjs), or set TRUSTED_PROXY_HOPS behind a proxy",
  );
}

// When a production server process starts (instrumentation.ts; not `next build`, which runs the
// hook too, nor development): one that could not tell its clients apart, or whose settings are
// missing, exits in one line rather than serve everyone from one rate-limit bucket.
export function refuseUnsafeServerStart(): void {
  if (!isProductionBuild || process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    assertClientIpsKnown(readEnv({ NODE_ENV: "production" }));
  } catch (error) {
    console.error(`${brand.name} cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

// SIGN_UP, else authConfig.signUp: for the app (env().signUp) and `npm run users:invite`.
export function signUpMode(env: RawEnv): SignUpMode {
  return env.SIGN_UP ?? authConfig.signUp;
}

// Development needs no APP_URL: links and the same-origin check use the port the dev server
// really bound, so a second project holding port 3000 does not make every form "another site".
export function appUrlOf(env: RawEnv): URL {
  return new URL(env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`);
}

// The values the app reads, with authConfig's defaults where a variable is unset: the one place
// the environment overrides the config. Parsed lazily so `next build` needs no secrets.
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
  const linkLifetimeSeconds = raw.LINK_LIFETIME_SECONDS ?? authConfig.linkLifetimeSeconds;
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
    codeLifetimeSeconds: Math.min(raw.CODE_LIFETIME_SECONDS ?? authConfig.codeLifetimeSeconds, linkLifetimeSeconds),
    globalSendsPerMinute: raw.GLOBAL_SENDS_PER_MINUTE ?? authConfig.sends.globalPerMinute,
    signUp: signUpMode(raw),
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
