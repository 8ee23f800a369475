// The measured phases. Each returns plain numbers; run.ts orders them and prints the report.
import { countSessions } from "./database";
import { newBrowser, nextEmail, requestEmail, signIn, type Env, type Method } from "./flows";
import { load, percentile, pool, summarize, type LoadTarget, type Slice, type Summary } from "./load";
import { cpuMs } from "./processes";

export type Interleaved = { ceiling: Summary; session: Summary; ceilingCpuMs: number; sessionCpuMs: number };

// Ceiling and session check alternate in short slices, so a neighbour's build slows both alike.
export async function interleave(
  ping: LoadTarget,
  account: LoadTarget,
  plan: { slices: number; pingAmount: number; accountAmount: number },
  pid: number,
) {
  const ceiling: Slice[] = [];
  const session: Slice[] = [];
  let ceilingCpu = 0;
  let sessionCpu = 0;
  for (let i = 0; i < plan.slices; i++) {
    let before = cpuMs(pid);
    ceiling.push(await load(ping, 32, { amount: plan.pingAmount }));
    ceilingCpu += cpuMs(pid) - before;
    before = cpuMs(pid);
    session.push(await load(account, 32, { amount: plan.accountAmount }));
    sessionCpu += cpuMs(pid) - before;
  }
  const c = summarize(ceiling);
  const s = summarize(session);
  return {
    ceiling: c,
    session: s,
    ceilingCpuMs: ceilingCpu / Math.max(1, c.requests),
    sessionCpuMs: sessionCpu / Math.max(1, s.requests),
  } satisfies Interleaved;
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

export type Race = { attempts: number; signedIn: number; sessionsInDb: number | null };

// 50 parallel redemptions of one link (or one code) by the browser that asked for it, while the
// session check is under load. Exactly one may produce a session.
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
  return { attempts, signedIn, sessionsInDb: databaseUrl ? await countSessions(databaseUrl, email) : null };
}

export async function raceUnderLoad(env: Env, account: LoadTarget, databaseUrl: string | null) {
  const background = load(account, 32, { seconds: 4 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const link = await race(env, "link", 50, databaseUrl);
  const code = await race(env, "code", 50, databaseUrl);
  const loadDuring = await background;
  return { link, code, loadDuring };
}

// Latency at a light, fixed load (4 in flight): what table size changes, not how the machine
// queues. Timed here, not by autocannon, for sub-millisecond resolution.
export async function growthSample(env: Env, account: LoadTarget, flows: number, seconds: number) {
  const times: number[] = [];
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
  const results = await pool(flows, 4, () => signIn(env, "link"));
  return { sessionP50: percentile(times, 50), signInP50: percentile(results.map((r) => r.total), 50) };
}
