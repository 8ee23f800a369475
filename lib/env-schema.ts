import { z } from "zod";

// Pure parsing, no `server-only`: next.config.ts uses it to refuse a bad production start, the
// db/ scripts (migrate, cleanup, studio, invite-user) and drizzle.config.ts use it outside Next,
// after lib/env-files.ts has loaded `.env.local` and the rest as Next does, and lib/env.ts uses it
// for the values the app reads. `readEnv` is the one place the configuration below is read from
// process.env (the only other reads are NODE_ENV, which lib/env.ts's isProductionBuild leaves for
// the bundler to inline, and lib/env-files.ts's choice of files). Names are the template's public
// interface.
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
  // Optional, shorter-than-default lifetimes; the caps are the security maxima (15 and 10 min).
  LINK_LIFETIME_SECONDS: optionalInt(1, 900),
  CODE_LIFETIME_SECONDS: optionalInt(1, 600),
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

// The one reader of these variables (lib/env.ts for the app, the db/ scripts, drizzle.config.ts,
// next.config.ts).
export function readEnv(overrides: Record<string, string | undefined> = {}): RawEnv {
  return parseEnv({ ...process.env, ...overrides });
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

// Where the app, `db:migrate` and `db:cleanup` all find the database.
export function databaseTarget(env: RawEnv): { databaseUrl: string } | { pgliteDir: string } {
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR };
}

// Development needs no APP_URL: links and the same-origin check use the port the dev server
// really bound, so a second project holding port 3000 does not make every form "another site".
export function appUrlOf(env: RawEnv): URL {
  return new URL(env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`);
}
