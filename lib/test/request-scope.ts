// A stand-in for the request scope that `next/headers` reads inside a running Next server, so
// an integration suite can call a server action itself, with the real database, sealed cookies
// and limits behind it. Install it with
//   vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);
// and describe the request with `startRequest` before each call. Actions that sign someone in
// also call `after()`: install `nextServer` for "next/server" the same way (see below).
type StoredCookie = { name: string; value: string };

const scope = { headers: new Headers(), cookies: new Map<string, StoredCookie>() };

// The browser's side: request headers, and cookies that stay from one request to the next
// (set with maxAge 0 means cleared), like a browser's cookie jar.
export function startRequest(headers: Record<string, string>): void {
  scope.headers = new Headers(headers);
}

export function clearCookies(): void {
  scope.cookies.clear();
}

// The jar as it is now, to put back later: a browser that never received an answer (it was
// dropped for a second request) keeps the cookies it had, or another browser's jar.
export function saveCookies(): Map<string, StoredCookie> {
  return new Map(scope.cookies);
}

export function restoreCookies(saved: Map<string, StoredCookie>): void {
  scope.cookies = new Map(saved);
}

const cookieStore = {
  get: (name: string) => scope.cookies.get(name),
  getAll: () => [...scope.cookies.values()],
  has: (name: string) => scope.cookies.has(name),
  set(name: string, value: string, options: { maxAge?: number } = {}) {
    if (options.maxAge === 0 || value === "") scope.cookies.delete(name);
    else scope.cookies.set(name, { name, value });
    return cookieStore;
  },
  delete(name: string) {
    scope.cookies.delete(name);
    return cookieStore;
  },
};

export const nextHeaders = {
  headers: async () => scope.headers,
  cookies: async () => cookieStore,
};

// `after()` runs work once the response has gone out; here the work waits until the test runs
// it with `runAfterTasks`, so a test can look at the state before and after it.
type AfterTask = Promise<unknown> | (() => unknown);
const afterTasks: AfterTask[] = [];

export const nextServer = {
  after(task: AfterTask): void {
    afterTasks.push(task);
  },
};

export async function runAfterTasks(): Promise<void> {
  for (let task = afterTasks.shift(); task; task = afterTasks.shift()) {
    await (typeof task === "function" ? task() : task);
  }
}

// Where a server action redirected to. `redirect()` throws an error whose digest is
// "NEXT_REDIRECT;<type>;<url>;<status>;" (next/dist/client/components/redirect.js); anything
// else the action threw is rethrown.
export async function redirectOf(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;"))
      return digest.split(";").slice(2, -2).join(";");
    throw error;
  }
  throw new Error("The action returned instead of redirecting");
}
