import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll } from "vitest";
import type { FailMode, StoredMessage } from "@/e2e/support/resend-stand-in";

// The e2e Resend stand-in, run as a child process so integration suites use the real SDK.
export type StandIn = {
  url: string;
  fail(mode: FailMode, to?: string): Promise<void>;
  messages(to: string): Promise<StoredMessage[]>;
  attempts(to: string): Promise<number>;
  stop(): Promise<void>;
};

// On a free port: the PGlite and Postgres projects run the same file at the same time.
export async function startStandIn(): Promise<StandIn> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "e2e/support/resend-stand-in.ts"], {
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const url = /http:\/\/[\d.:]+/.exec(line.toString())![0];
  const json = async <T>(path: string, init?: RequestInit) => (await (await fetch(`${url}${path}`, init)).json()) as T;
  return {
    url,
    fail: async (mode, to) => {
      await json("/__fail", { method: "POST", body: JSON.stringify({ mode, to }) });
    },
    messages: (to) => json(`/__messages?to=${encodeURIComponent(to)}`),
    attempts: (to) => json(`/__attempts?to=${encodeURIComponent(to)}`),
    stop: async () => {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

// For a whole test file: the stand-in runs around its tests, and the app's Resend client sends
// to it (lib/env and the SDK read these variables on first use, which comes after beforeAll).
export function withResendStandIn(): StandIn {
  let started: StandIn | undefined;
  beforeAll(async () => {
    started = await startStandIn();
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = started.url;
  });
  afterAll(() => started?.stop());
  const live = (): StandIn => {
    if (!started) throw new Error("The Resend stand-in is used before beforeAll started it");
    return started;
  };
  return {
    get url() {
      return live().url;
    },
    fail: (mode, to) => live().fail(mode, to),
    messages: (to) => live().messages(to),
    attempts: (to) => live().attempts(to),
    stop: () => live().stop(),
  };
}
