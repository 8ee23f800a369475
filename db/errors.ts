// Errors that mean "the database cannot be reached or dropped us", as opposed to a bad query:
// postgres.js and Node socket codes, and SQLSTATE classes 08 (connection exception) and 57P
// (operator intervention: shutdown, crash, not accepting connections yet).
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "53300",
]);

export function isConnectionError(error: unknown): boolean {
  return errorCodes(error).some(
    (code) => connectionCodes.has(code) || code.startsWith("08") || code.startsWith("57P"),
  );
}

// Drizzle wraps driver errors in `cause`; follow the chain a few levels.
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}
