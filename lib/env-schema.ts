import { z } from "zod";

// Pure parsing, no `server-only`: next.config.ts uses it to refuse a bad production start,
// and lib/env.ts uses it for the values the app reads. Names are the template's public interface.
export const EXAMPLE_SESSION_SECRET = "replace-me-with-32-or-more-random-characters";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const optionalInt = (min: number, max: number) =>
  optional
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(min).max(max).optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // The .env.example placeholder counts as unset: development then generates a secret, and
  // production refuses to start.
  SESSION_SECRET: optional
    .transform((v) => (v === EXAMPLE_SESSION_SECRET ? undefined : v))
    .pipe(z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional()),
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
});

export type RawEnv = z.infer<typeof schema>;

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
  }
  return env;
}
