import { describe, expect, it } from "vitest";
import { appUrlOf, EXAMPLE_SESSION_SECRET, noSettingsFromEnvFiles, parseEnv } from "./env";

// Pure parsing: what production refuses and development accepts. Checked to fail by dropping a
// name from `requiredInProduction`, the `.min(32)`, and the placeholder transform in turn.
const secret = "s".repeat(32);
const production = {
  NODE_ENV: "production",
  APP_URL: "https://auth.example.com",
  SESSION_SECRET: secret,
  RESEND_API_KEY: "re_live_key",
  EMAIL_FROM: "Acme <auth@example.com>",
};

const refusal = (source: Record<string, string | undefined>) => {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
};

describe("parseEnv in production", () => {
  it("accepts the four required variables", () => {
    expect(parseEnv(production)).toMatchObject({ NODE_ENV: "production", SESSION_SECRET: secret });
  });

  it.each(["APP_URL", "SESSION_SECRET", "RESEND_API_KEY", "EMAIL_FROM"])("refuses to run without %s", (name) => {
    const message = refusal({ ...production, [name]: undefined });
    expect(message).toBe(
      `Missing in production: ${name} (see .env.example; SESSION_SECRET must not be its placeholder)`,
    );
    // An empty value is as missing as an absent one.
    expect(refusal({ ...production, [name]: "" })).toBe(message);
  });

  it("names every missing variable at once, on one line", () => {
    const message = refusal({ NODE_ENV: "production" });
    expect(message).toContain("APP_URL, SESSION_SECRET, RESEND_API_KEY, EMAIL_FROM");
    expect(message).not.toContain("\n");
  });

  it("refuses a session secret shorter than 32 characters", () => {
    expect(refusal({ ...production, SESSION_SECRET: "s".repeat(31) })).toBe(
      "Invalid environment: SESSION_SECRET: SESSION_SECRET must be at least 32 characters",
    );
  });

  it("refuses the .env.example placeholder as the session secret", () => {
    expect(EXAMPLE_SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(refusal({ ...production, SESSION_SECRET: EXAMPLE_SESSION_SECRET })).toMatch(
      /^Missing in production: SESSION_SECRET \(/,
    );
  });

  it("checks a previous secret (rotation) like the current one", () => {
    expect(parseEnv({ ...production, SESSION_SECRET_PREVIOUS: "p".repeat(32) }).SESSION_SECRET_PREVIOUS).toBe(
      "p".repeat(32),
    );
    expect(refusal({ ...production, SESSION_SECRET_PREVIOUS: "short" })).toBe(
      "Invalid environment: SESSION_SECRET_PREVIOUS: SESSION_SECRET_PREVIOUS must be at least 32 characters",
    );
    expect(parseEnv({ ...production, SESSION_SECRET_PREVIOUS: EXAMPLE_SESSION_SECRET }).SESSION_SECRET_PREVIOUS).toBe(
      undefined,
    );
  });

  it("refuses an APP_URL that is not http(s)", () => {
    expect(refusal({ ...production, APP_URL: "javascript:alert(1)" })).toMatch(/^Invalid environment: APP_URL/);
  });

  it("refuses plain http except on this machine, where browsers keep Secure cookies anyway", () => {
    expect(refusal({ ...production, APP_URL: "http://192.0.2.2:3000" })).toBe(
      "APP_URL must be https in production (browsers drop Secure cookies over plain http), not http://192.0.2.2:3000",
    );
    expect(refusal({ ...production, APP_URL: "http://auth.example.com" })).toMatch(/^APP_URL must be https/);
    for (const local of [
      "http://localhost:3000",
      "http://127.0.0.1:3200",
      "http://[::1]:3000",
      "http://app.localhost",
    ]) {
      expect(refusal({ ...production, APP_URL: local })).toBeNull();
    }
  });
});

// The test and bench servers set every setting, empty where they give no value, so that env
// files cannot fill them in; that only works if empty means unset for each one.
it("reads every setting left empty as unset", () => {
  expect(Object.keys(noSettingsFromEnvFiles)).toContain("DATABASE_URL");
  expect(parseEnv({ ...noSettingsFromEnvFiles, NODE_ENV: "development" })).toEqual(
    parseEnv({ NODE_ENV: "development" }),
  );
});

describe("parseEnv in development", () => {
  it("needs none of the production variables", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect([env.APP_URL, env.SESSION_SECRET, env.RESEND_API_KEY, env.EMAIL_FROM]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(parseEnv({ NODE_ENV: "development", SESSION_SECRET: EXAMPLE_SESSION_SECRET }).SESSION_SECRET).toBe(
      undefined,
    );
  });

  it("still refuses values that are wrong rather than missing", () => {
    expect(refusal({ SESSION_SECRET: "short" })).toMatch(/at least 32 characters/);
    expect(refusal({ LINK_LIFETIME_SECONDS: "901" })).toMatch(/^Invalid environment: LINK_LIFETIME_SECONDS/);
  });
});

describe("APP_URL in development", () => {
  it("defaults to the port the dev server bound, so forms pass the same-origin check there", () => {
    expect(appUrlOf(parseEnv({ PORT: "3001" })).origin).toBe("http://localhost:3001");
    expect(appUrlOf(parseEnv({})).origin).toBe("http://localhost:3000");
  });

  it("is APP_URL whenever that is set, whatever the port", () => {
    expect(appUrlOf(parseEnv({ APP_URL: "https://auth.example.com", PORT: "3001" })).origin).toBe(
      "https://auth.example.com",
    );
  });
});
