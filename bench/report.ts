// The table people read and the one JSON line machines read. Targets are judged, not enforced:
// only broken correctness fails the run (CI must not time anything).
import type { Summary } from "./load";
import type { FlowSummary, Interleaved, Race } from "./scenarios";
import type { Weights } from "./weights";

type Sample = { sessionP50: number; signInP50: number };
export type Report = {
  quick: boolean;
  database: "postgres" | "pglite";
  interleaved: Interleaved;
  link: FlowSummary;
  code: FlowSummary;
  races: { link: Race; code: Race; loadDuring: { ok: number; errors: number } };
  weights: Weights;
  growth: { challenges: number; sessions: number; seedMs: number; emptyTables: Sample; fullTables: Sample } | null;
  seconds: number;
};

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function printReport(r: Report): boolean {
  const ceiling = r.interleaved.ceiling.rps;
  const ratio = (x: number) => x / ceiling;
  const rows: [string, string, string, string][] = [];
  const judged: { name: string; value: number; ok: boolean }[] = [];
  const target = (name: string, value: number, limit: number, atLeast: boolean) => {
    const ok = atLeast ? value >= limit : value <= limit;
    judged.push({ name, value, ok });
    return `${atLeast ? "≥" : "≤"} ${limit} ${ok ? "met" : "MISSED"}`;
  };
  const loadRow = (name: string, s: Summary, cpu: number) =>
    `${f(s.rps, 0)} req/s  p50 ${f(s.p50)} ms  p99 ${f(s.p99)} ms  ${f(cpu, 2)} CPU ms/req`;

  rows.push([
    "ceiling GET /api/ping, 32 conn",
    loadRow("ceiling", r.interleaved.ceiling, r.interleaved.ceilingCpuMs),
    "1.00",
    "",
  ]);
  rows.push([
    "session check GET /account, 32 conn",
    loadRow("session", r.interleaved.session, r.interleaved.sessionCpuMs),
    f(ratio(r.interleaved.session.rps), 2),
    target("session ÷ ceiling", ratio(r.interleaved.session.rps), 0.3, true),
  ]);
  for (const flow of [r.link, r.code]) {
    const method = flow === r.link ? "link" : "code";
    rows.push([
      `sign-ins by ${method}, ${flow.flows} at 16`,
      `${f(flow.perSecond)} /s  p50 ${f(flow.p50, 0)} ms  p99 ${f(flow.p99, 0)} ms  ${f(flow.cpuMsPerFlow)} CPU ms/flow`,
      f(ratio(flow.perSecond), 3),
      target(`${method} sign-ins ÷ ceiling`, ratio(flow.perSecond), 0.2, true),
    ]);
    for (const [step, t] of Object.entries(flow.steps))
      rows.push([`  ${step}`, `p50 ${f(t.p50)} ms  p99 ${f(t.p99)} ms`, "", ""]);
  }
  for (const [method, race] of Object.entries({ link: r.races.link, code: r.races.code })) {
    const ok = race.signedIn === 1 && (race.sessionsInDb === null || race.sessionsInDb === 1);
    judged.push({ name: `one ${method}, ${race.attempts} parallel redemptions → 1 session`, value: race.signedIn, ok });
    rows.push([
      `${race.attempts} parallel redemptions of one ${method}`,
      `${race.signedIn} signed in, ${race.sessionsInDb ?? "n/a"} session rows`,
      "",
      `= 1 ${ok ? "met" : "FAILED"}`,
    ]);
  }
  if (r.growth) {
    const g = r.growth;
    const signIn = g.fullTables.signInP50 / g.emptyTables.signInP50;
    const session = g.fullTables.sessionP50 / g.emptyTables.sessionP50;
    const label = `${g.challenges.toExponential(0)} challenges, ${g.sessions.toExponential(0)} sessions`;
    rows.push([
      `growth: sign-in p50, ${label}`,
      `${f(g.emptyTables.signInP50)} → ${f(g.fullTables.signInP50)} ms`,
      f(signIn, 2),
      target("sign-in growth", signIn, 1.1, false),
    ]);
    rows.push([
      `growth: session p50`,
      `${f(g.emptyTables.sessionP50, 2)} → ${f(g.fullTables.sessionP50, 2)} ms (seeded in ${f(g.seedMs / 1000)} s)`,
      f(session, 2),
      target("session growth", session, 1.1, false),
    ]);
  } else {
    rows.push(["growth", "not measured on PGlite (one process per data directory)", "", ""]);
  }
  const w = r.weights;
  rows.push([
    `framework share (${w.framework.path})`,
    `JS ${kb(w.framework.js)}  CSS ${kb(w.framework.css)} gzip`,
    "",
    "",
  ]);
  rows.push([
    "/login over the framework",
    `JS ${kb(w.loginOverFramework.js)}  CSS ${kb(w.loginOverFramework.css)}`,
    "",
    target("/login JS over framework (kB)", w.loginOverFramework.js / 1024, 5, false),
  ]);
  rows.push([
    "/account over the framework",
    `JS ${kb(w.accountOverFramework.js)}  CSS ${kb(w.accountOverFramework.css)}`,
    "",
    "",
  ]);

  const header = ["figure", "value", "÷ ceiling", "target"];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(line(widths.map((n) => "-".repeat(n))));
  for (const row of rows) console.log(line(row));
  console.log(
    `(${r.database}, ${r.quick ? "quick" : "full"} run, ${f(r.seconds, 0)} s; ceiling errors ${r.interleaved.ceiling.errors}, session errors ${r.interleaved.session.errors})`,
  );
  console.log(JSON.stringify({ bench: "sesame", ...r, targets: judged }));

  const correctnessOk = judged.filter((j) => j.name.includes("parallel")).every((j) => j.ok);
  const loadOk = r.interleaved.ceiling.errors === 0 && r.interleaved.session.errors === 0;
  return correctnessOk && loadOk;
}
