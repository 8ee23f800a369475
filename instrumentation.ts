// Runs once when a server process starts: `next start`, and also a standalone `server.js` (a
// Dockerfile's CMD), which never runs next.config.ts and so never met its start-up checks
// (lib/env.ts, refuseUnsafeServerStart).
export async function register(): Promise<void> {
  // Next also builds this file for the edge runtime; this literal check, as its docs prescribe,
  // lets the bundler leave the Node-only module below out of that build.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/env")).refuseUnsafeServerStart();
}
