// How long sending one email may take, every attempt, retry and pause included (lib/email.ts).
// The person waits on the page meanwhile, so it stays well under 10 s. A module of its own,
// without `server-only`, so e2e/faults.spec.ts can wait for the same number.
export const SEND_DEADLINE_MS = 8_000;
