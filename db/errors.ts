// Errors that mean "the database cannot be reached or dropped us", as opposed to a bad query:
// postgres.js and Node socket codes, and SQLSTATE classes 08 (connection exception) and 57P
// (operator intervention: shutdown, crash, not accepting connections yet); and a PGlite
// directory another process holds (db/pglite-lock.ts).
const connectionCodes = new Set([
  "PGLITE_DIR_IN_USE",
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
  return errorCodes(error).some((code) => connectionCodes.has(code) || code.startsWith("08") || code.startsWith("57P"));
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

// Drizzle's query errors read "Failed query: <sql>\nparams: <values>", keep the values in
// `params`, and carry the driver's error as `cause`, whose `detail` can quote a value too
// ("Key (email)=(…) already exists"). Next logs a thrown error whole, cause included, so the
// email address of whoever hit a bug would land in the server log. What is rethrown instead
// keeps what a developer needs: the SQL text, the SQLSTATE, the constraint, and the stack.
export class DatabaseQueryError extends Error {
  override name = "DatabaseQueryError";
  constructor(
    readonly sqlText: string,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(`Database query failed (${code ?? "no SQLSTATE"}${constraint ? `, ${constraint}` : ""}): ${sqlText}`);
  }
}

export function withoutQueryValues(error: unknown): unknown {
  const query: unknown = (error as { query?: unknown } | null)?.query;
  if (!(error instanceof Error) || typeof query !== "string") return error;
  const cause = (error as { cause?: Record<string, unknown> }).cause ?? {};
  const constraint = [cause.constraint_name, cause.constraint].find((c) => typeof c === "string") as string | undefined;
  const clean = new DatabaseQueryError(query, errorCodes(error).at(-1), constraint);
  // The original frames, without its first line (the message with the values).
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  clean.stack = [`${clean.name}: ${clean.message}`, ...frames].join("\n");
  return clean;
}
