import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

// A throttled sign-in request sends nothing and would answer sooner than a sent one, telling an
// observer that the address was asked for recently. So every request answers no sooner than
// recent sends took: the 90th percentile of this process's last `size` send-path durations.
// Sent and throttled requests then both answer at that moment, except the slowest tenth of sends,
// which answer when they finish (as a fixed minimum would let them too).
//
// Why learned and not a fixed minimum: a minimum must exceed the provider's slow sends to hide
// anything, so it makes every sign-in wait for the worst case; the learned target follows the
// provider here and now. A new process (a deploy, a serverless cold start) has timed nothing, so
// its window starts full of `assumedMs` and it pads that long until its own sends replace most
// of them (29 of 32).
export class ResponsePadding {
  private readonly recent: number[];
  private next = 0;

  constructor(
    assumedMs: number,
    private readonly size = 32,
    private readonly maxMs = 10_000,
  ) {
    this.recent = Array.from({ length: size }, () => assumedMs);
  }

  learn(sendPathMs: number): void {
    this.recent[this.next] = sendPathMs;
    this.next = (this.next + 1) % this.size;
  }

  targetMs(): number {
    const sorted = [...this.recent].sort((a, b) => a - b);
    return Math.min(sorted[Math.ceil(this.size * 0.9) - 1]!, this.maxMs);
  }

  // Waits until `targetMs` has passed since `startedAt` (a performance.now() reading).
  async waitFrom(startedAt: number): Promise<void> {
    const left = this.targetMs() - (performance.now() - startedAt);
    if (left > 0) await sleep(left);
  }
}
