import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } from "next/constants";
import { describe, expect, it, vi } from "vitest";
import nextConfig from "@/next.config";
import { brand } from "@/lib/brand";
import { whilePgliteHeld } from "@/lib/test/pglite-owner";
import { closedPort, outputOf, runScript, type ScriptResult } from "@/lib/test/run-script";

// The real `next start`: it loads next.config.ts, whose production-server phase refuses a bad
// environment before Next looks for a build, so this needs no build and takes a few seconds.
// Checked to fail by removing the phase check from next.config.ts (the server then starts, and
// exits on the missing build with a different message).
async function nextStart(extraEnv: Record<string, string>): Promise<ScriptResult> {
  const port = await closedPort();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    // Only what is given: none of the test runner's own variables (it sets SESSION_SECRET).
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return outputOf(child);
}

describe("next start in production", () => {
  it("exits 1 with a one-line reason when the production variables are missing", async () => {
    const { code, stderr } = await nextStart({});
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `${brand.name} cannot start: Missing in production: APP_URL, SESSION_SECRET, RESEND_API_KEY, EMAIL_FROM (see .env.example; SESSION_SECRET must not be its placeholder)`,
    ]);
  });

  it("exits 1 with a one-line reason when the session secret is too short", async () => {
    const { code, stderr } = await nextStart({
      APP_URL: "https://auth.example.com",
      SESSION_SECRET: "too-short",
      RESEND_API_KEY: "re_live_key",
      EMAIL_FROM: "auth@example.com",
    });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `${brand.name} cannot start: Invalid environment: SESSION_SECRET: SESSION_SECRET must be at least 32 characters`,
    ]);
  });

  it("exits 1 naming the owner when another process holds the PGlite directory", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-start-")), "pglite");
    await whilePgliteHeld(dir, async (ownerPid) => {
      const { code, stderr } = await nextStart({
        APP_URL: "https://auth.example.com",
        SESSION_SECRET: "a-production-secret-of-at-least-32-characters",
        RESEND_API_KEY: "re_live_key",
        EMAIL_FROM: "auth@example.com",
        PGLITE_DIR: dir,
      });
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        `${brand.name} cannot start: PGlite data directory ${dir} is in use by process ${ownerPid}. Stop that process first (PGlite allows one process per directory).`,
      ]);
    });
  }, 60_000);

  // Issue 18 §4: plain `next start` (a Dockerfile's CMD) put every client in one bucket, so one
  // client's 10 requests refused everyone. Checked to fail on main, which started.
  const production = {
    APP_URL: "https://auth.example.com",
    SESSION_SECRET: "a-production-secret-of-at-least-32-characters",
    RESEND_API_KEY: "re_live_key",
    EMAIL_FROM: "auth@example.com",
  };
  it("exits 1 with a one-line reason without the X-Forwarded-For preload or a trusted proxy", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-start-")), "pglite");
    const { code, stderr } = await nextStart({ ...production, PGLITE_DIR: dir });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `${brand.name} cannot start: client IPs unknown: start with \`npm start\` (it preloads server/append-forwarded-for.mjs), or set TRUSTED_PROXY_HOPS behind a proxy`,
    ]);
  }, 60_000);

  // In this process: a real `next start` that passes the check goes on to serve (or to look for a
  // build), which is not what this is about.
  it("starts with the preload (`npm start`), or without it behind a trusted proxy", () => {
    const flag = globalThis as { __sesameForwardedFor?: boolean };
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-start-")), "pglite");
    for (const [name, value] of Object.entries({ ...production, PGLITE_DIR: dir, DATABASE_URL: "" })) {
      vi.stubEnv(name, value);
    }
    try {
      flag.__sesameForwardedFor = true;
      nextConfig(PHASE_PRODUCTION_SERVER);
      delete flag.__sesameForwardedFor;
      vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
      nextConfig(PHASE_PRODUCTION_SERVER);
      expect(errors).not.toHaveBeenCalled();
      expect(exit).not.toHaveBeenCalled();
      vi.stubEnv("TRUSTED_PROXY_HOPS", "0");
      nextConfig(PHASE_PRODUCTION_SERVER);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      delete flag.__sesameForwardedFor;
      exit.mockRestore();
      errors.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  // A standalone `server.js` (a Dockerfile's CMD) never loads next.config.ts: instrumentation.ts
  // runs the same check when any production server process starts. Checked to fail by making
  // register() return at once (the process then serves without the preload).
  it("refuses a server process that skips next.config.ts (standalone server.js) the same way", async () => {
    const server = (env: Record<string, string>) =>
      runScript("lib/test/start-server-process.ts", {
        ...production,
        NODE_ENV: "production",
        NEXT_RUNTIME: "nodejs",
        ...env,
      });
    const refused = await server({});
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toEqual([
      `${brand.name} cannot start: client IPs unknown: start with \`npm start\` (it preloads server/append-forwarded-for.mjs), or set TRUSTED_PROXY_HOPS behind a proxy`,
    ]);
    expect(refused.stdout).not.toContain("serving");
    expect(await server({ TRUSTED_PROXY_HOPS: "1" })).toMatchObject({ code: 0, stdout: "serving\n" });
    // `next build` runs the hook too, and needs no secrets.
    expect(await server({ NEXT_PHASE: PHASE_PRODUCTION_BUILD, SESSION_SECRET: "" })).toMatchObject({ code: 0 });
  }, 60_000);

  it("checks nothing while building: `next build` needs no secrets", () => {
    expect(() => nextConfig(PHASE_PRODUCTION_BUILD)).not.toThrow();
  });
});

describe("next dev", () => {
  it("lets the address APP_URL names load the dev scripts, so a phone on the network gets JavaScript", () => {
    expect(nextConfig(PHASE_DEVELOPMENT_SERVER).allowedDevOrigins).toEqual([]);
    vi.stubEnv("APP_URL", "http://192.168.1.20:3000");
    try {
      expect(nextConfig(PHASE_DEVELOPMENT_SERVER).allowedDevOrigins).toEqual(["192.168.1.20"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("does not log the magic link's request, whose URL carries the token", () => {
    const { logging } = nextConfig(PHASE_DEVELOPMENT_SERVER);
    const ignore = logging && typeof logging.incomingRequests === "object" ? logging.incomingRequests.ignore : [];
    const ignored = (url: string) => (ignore ?? []).some((pattern) => pattern.test(url));
    expect(ignored("/verify?token=AbC_1")).toBe(true);
    expect(ignored("/verify/confirm")).toBe(false);
    expect(ignored("/login?next=%2Fverify%3Ftoken")).toBe(false);
  });
});
