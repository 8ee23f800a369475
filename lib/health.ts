import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";

// Longer than any healthy round trip, shorter than postgres.js's 5 s connect timeout, so a
// poller gets its answer quickly even when the database host drops packets.
const CHECK_TIMEOUT_MS = 2_000;

// One trivial query; concurrent polls share it, so health checks never pile up on the pool.
let inFlight: Promise<boolean> | undefined;

export function databaseAnswers(): Promise<boolean> {
  inFlight ??= check().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function check(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  // Inside the promise: opening the database can throw at once (a PGlite directory in use).
  const query = Promise.resolve()
    .then(() => db().execute(sql`select 1`))
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
