// A stand-in for the request scope that `next/headers` reads inside a running Next server, so
// an integration suite can call a server action itself, with the real database, sealed cookies
// and limits behind it. Install it with
//   vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);
// and describe the request with `startRequest` before each call.
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
