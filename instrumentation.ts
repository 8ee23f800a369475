import { brand } from "./lib/brand";
import { assertClientIpsKnown, isServerStart, readEnv } from "./lib/env";

// Runs once when a server process starts: `next start`, and also a standalone `server.js` (a
// Dockerfile's CMD), which never runs next.config.ts and so never met its start-up checks. A
// production server that could not tell its clients apart (no X-Forwarded-For preload, no
// trusted proxy), or whose settings are missing, refuses to start in one line rather than serve
// everyone from one rate-limit bucket.
export function register(): void {
  if (!isServerStart()) return;
  try {
    assertClientIpsKnown(readEnv({ NODE_ENV: "production" }));
  } catch (error) {
    console.error(`${brand.name} cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
