// Pure (no server-only): next.config.ts and proxy.ts share it.
// Auth forms carry a few short fields (an email, a 6-digit code, a `next` path of at most 512
// characters, React's action ids): 16 kB is ample, and a bigger body is refused before any of
// it is parsed.
export const MAX_REQUEST_BODY_BYTES = 16 * 1024;
