// The measured phases. Each returns plain numbers; run.ts orders them and prints the report.
import { sealedSessionId, sessionCookieValues } from "../lib/test/sealed-session";
import { countSessions } from "./database";
import { newBrowser, nextEmail, requestEmail, signIn, type Env, type Method } from "./flows";
import { load, percentile, pool, summarize, type LoadTarget, type Slice, type Summary } from "./load";
import { cpuMs } from "./processes";
import { benchSessionSecret } from "./servers";

export type Measured = Summary & { cpuMs: number };
export type Interleaved = { ceiling: Measured; floor: Measured; session: Measured };
type Targets = Record<keyof Interleaved, { target: LoadTarget; amount: number }>;

// Ceiling, lightest page and session check take turns in short slices, so a neighbour's build
// slows all three alike. CPU is read around each slice and divided by that route's answers.
export async function interleave(targets: Targets, slices: number, pid: number): Promise<Interleaved> {
  const names = Object.keys(targets) as (keyof Interleaved)[];
  const taken = new Map(names.map((name) => [name, { slices: [] as Slice[], cpu: 0 }]));
  for (let i = 0; i < slices; i++) {
    for (const name of names) {
      const { target, amount } = targets[name];
      const record = taken.get(name)!;
      const before = cpuMs(pid);
      record.slices.push(await load(target, 32, { amount }));
      record.cpu += cpuMs(pid) - before;
    }
  }
  const measured = (name: keyof Interleaved): Measured => {
    const { slices: done, cpu } = taken.get(name)!;
    const summary = summarize(done);
    return { ...summary, cpuMs: cpu / Math.max(1, summary.requests) };
  };
  return { ceiling: measured("ceiling"), floor: measured("floor"), session: measured("session") };
}

export type FlowSummary = {
  flows: number;
  perSecond: number;
  p50: number;
  p99: number;
  steps: Record<string, { p50: number; p99: number }>;
  cpuMsPerFlow: number;
};

export async function signIns(env: Env, method: Method, n: number, concurrency: number, pid: number) {
  const before = cpuMs(pid);
  const start = performance.now();
  const results = await pool(n, concurrency, () => signIn(env, method));
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuMs(pid) - before;
  const steps: FlowSummary["steps"] = {};
  for (const name of Object.keys(results[0]?.steps ?? {})) {
    const times = results.map((r) => r.steps[name] ?? NaN);
    steps[name] = { p50: percentile(times, 50), p99: percentile(times, 99) };
  }
  const totals = results.map((r) => r.total);
  return {
    flows: n,
    perSecond: n / seconds,
    p50: percentile(totals, 50),
    p99: percentile(totals, 99),
    steps,
    cpuMsPerFlow: cpu / n,
  } satisfies FlowSummary;
}

// `signedIn`: answers that went on to /account; `sessionsGiven`: distinct sessions their cookies
// carry; `sessionsInDb`: session rows for the address (null on PGlite, which the bench cannot open
// beside the server).
export type Race = { attempts: number; signedIn: number; sessionsGiven: number; sessionsInDb: number | null };

// 50 parallel redemptions of one link (or one code) by the browser that asked for it, while the
// session check is under load. Exactly one session may result. One browser repeating a sign-in is
// given that same session again (lib/auth/redeem.ts, continueUsedSignIn), so many answers may sign in, all with it.
export async function race(env: Env, method: Method, attempts: number, databaseUrl: string | null): Promise<Race> {
  const browser = newBrowser(env, method);
  const email = nextEmail(`race-${method}`);
  const { checkEmail, message } = await requestEmail(env, browser, email);
  const url = new URL(message.url);
  const answers = await Promise.all(
    Array.from({ length: attempts }, () =>
      method === "link"
        ? browser.request(url.pathname + url.search)
        : browser.submit(checkEmail, "code", { code: message.code }),
    ),
  );
  const signedIn = answers.filter((a) => a.status === 303 && a.location === "/account").length;
  const sealed = answers.flatMap((a) => sessionCookieValues(a.setCookies));
  const sids = await Promise.all(sealed.map((value) => sealedSessionId(value, benchSessionSecret)));
  return {
    attempts,
    signedIn,
    sessionsGiven: new Set(sids).size,
    sessionsInDb: databaseUrl ? await countSessions(databaseUrl, email) : null,
  };
}

export async function raceUnderLoad(env: Env, account: LoadTarget, databaseUrl: string | null) {
  const background = load(account, 32, { seconds: 4 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const link = await race(env, "link", 50, databaseUrl);
  const code = await race(env, "code", 50, databaseUrl);
  const loadDuring = await background;
  return { link, code, loadDuring };
}

type Side = { env: Env; account: LoadTarget; sessionTimes: number[]; signInTimes: number[] };

// Latency at a light, fixed load (4 in flight): what table size changes, not how the machine
// queues. Two servers on the same build, one on near-empty tables and one on seeded tables, are
// sampled in alternating rounds, so a neighbour's build slows both alike. Timed here, not by
// autocannon, for sub-millisecond resolution.
export async function growth(
  empty: Omit<Side, "sessionTimes" | "signInTimes">,
  seeded: typeof empty,
  plan: { rounds: number; flows: number; seconds: number },
) {
  const sides: Side[] = [empty, seeded].map((side) => ({ ...side, sessionTimes: [], signInTimes: [] }));
  // Round 0 is a warm-up at exactly the measured load, and is discarded.
  for (let round = 0; round <= plan.rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const sessionTimes: number[] = [];
      await sessionChecks(side.account, plan.seconds, sessionTimes);
      const flows = await pool(plan.flows, 4, () => signIn(side.env, "link"));
      if (round === 0) continue;
      side.sessionTimes.push(...sessionTimes);
      side.signInTimes.push(...flows.map((f) => f.total));
    }
  }
  const p50s = (side: Side) => ({
    sessionP50: percentile(side.sessionTimes, 50),
    signInP50: percentile(side.signInTimes, 50),
  });
  return { emptyTables: p50s(sides[0]!), fullTables: p50s(sides[1]!) };
}

async function sessionChecks(account: LoadTarget, seconds: number, times: number[]) {
  const end = performance.now() + seconds * 1000;
  await pool(4, 4, async () => {
    while (performance.now() < end) {
      const start = performance.now();
      const response = await fetch(account.url, { headers: account.headers, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`Session check answered ${response.status}`);
      times.push(performance.now() - start);
    }
  });
}
