// Fixed-URL load with autocannon, and the statistics the report uses.
import autocannon from "autocannon";

export type LoadTarget = { url: string; headers?: Record<string, string> };
export type Slice = { ok: number; seconds: number; p50: number; p99: number; errors: number };

// `amount` ends a slice after that many answers; `seconds` after that long. A timed slice drops
// the requests still in flight when it ends, so on a slow, shared machine (latency near the
// slice length) it undercounts the slower route: the interleaved figures use `amount`.
export async function load(
  target: LoadTarget,
  connections: number,
  until: { seconds: number } | { amount: number },
): Promise<Slice> {
  const result = await autocannon({
    url: target.url,
    headers: { ...target.headers, "x-forwarded-for": "10.255.0.1" },
    connections,
    ...("amount" in until ? { amount: until.amount } : { duration: until.seconds }),
  });
  // Only 2xx answers count as served: a 303 to /login would be a broken session, not speed.
  return {
    ok: result["2xx"],
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export type Summary = { rps: number; p50: number; p99: number; errors: number; requests: number };

// Many short slices: totals over total time; latency percentiles as the median slice's.
export function summarize(slices: Slice[]): Summary {
  const requests = slices.reduce((sum, s) => sum + s.ok, 0);
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  return {
    rps: requests / seconds,
    p50: median(slices.map((s) => s.p50)),
    p99: median(slices.map((s) => s.p99)),
    errors: slices.reduce((sum, s) => sum + s.errors, 0),
    requests,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

// Run `work` n times with at most `concurrency` in flight.
export async function pool<T>(n: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(n);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, concurrency) }, async () => {
    while (next < n) {
      const i = next++;
      results[i] = await work(i);
    }
  });
  await Promise.all(workers);
  return results;
}
