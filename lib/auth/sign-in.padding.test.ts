import { describe, expect, it } from "vitest";
import { ResponsePadding } from "./sign-in";

const learnAll = (padding: ResponsePadding, times: number[]) => times.forEach((ms) => padding.learn(ms));

describe("ResponsePadding", () => {
  it("pads a process that has timed no send for the assumed send time", () => {
    expect(new ResponsePadding(800).targetMs()).toBe(800);
  });

  it("keeps the assumption until its own sends have replaced 29 of the 32", () => {
    const padding = new ResponsePadding(800);
    learnAll(padding, Array(28).fill(40));
    expect(padding.targetMs()).toBe(800);
    padding.learn(40);
    expect(padding.targetMs()).toBe(40);
  });

  it("follows the slow tenth of recent sends, not the typical one", () => {
    const padding = new ResponsePadding(800);
    // 28 quick sends and 4 slow ones: the 29th of 32 sorted is a slow one.
    learnAll(padding, [...Array(28).fill(50), 300, 320, 340, 360]);
    expect(padding.targetMs()).toBe(300);
    // A single outlier among quick sends does not make every request wait for it.
    learnAll(padding, [...Array(31).fill(50), 5000]);
    expect(padding.targetMs()).toBe(50);
  });

  it("forgets sends older than the window, so a provider that got slower raises the target", () => {
    const padding = new ResponsePadding(800);
    learnAll(padding, Array(32).fill(50));
    learnAll(padding, Array(32).fill(900));
    expect(padding.targetMs()).toBe(900);
  });

  it("never waits longer than the cap (the send timeout)", () => {
    const padding = new ResponsePadding(800, 32, 10_000);
    learnAll(padding, Array(32).fill(60_000));
    expect(padding.targetMs()).toBe(10_000);
  });

  it("waits from the request's start until the target", async () => {
    const padding = new ResponsePadding(120);
    let started = performance.now();
    await padding.waitFrom(started);
    // Node's timers may fire up to a millisecond before performance.now() says they are due.
    expect(performance.now() - started).toBeGreaterThanOrEqual(118);
    // Work that already took longer than the target is not delayed further.
    started = performance.now() - 500;
    const before = performance.now();
    await padding.waitFrom(started);
    expect(performance.now() - before).toBeLessThan(50);
  });
});
