import type { APIRequestContext, APIResponse, BrowserContext } from "@playwright/test";
import { recordSeen } from "./seen-secrets";

// Every cookie value the app hands out goes into the seen-secrets record, including cookies
// that live for part of a test only (the binding cookie ends at sign-in, the pending-link
// cookie at the confirm POST): the leak check greps the server logs for each of them.

// The value of each `Set-Cookie: name=value; attributes` header.
export function recordSetCookies(headers: string[]): void {
  recordSeen(headers.map((header) => header.split(";", 1)[0]!.replace(/^[^=]*=/, "")));
}

const setCookieHeaders = (response: APIResponse) =>
  response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);

const methods = ["get", "post", "head", "put", "patch", "delete", "fetch"] as const;

// An API client reports no response events: wrap its methods. A response followed through
// redirects shows only the last hop's headers, so the cookie jar is recorded after each call
// too (it holds what the earlier hops set, unless a later hop of the same call cleared it).
export function watchRequests(api: APIRequestContext, jar: () => Promise<{ value: string }[]>): void {
  for (const method of methods) {
    const send = api[method].bind(api) as (...args: unknown[]) => Promise<APIResponse>;
    Object.assign(api, {
      [method]: async (...args: unknown[]) => {
        const response = await send(...args);
        recordSetCookies(setCookieHeaders(response));
        recordSeen((await jar()).map((c) => c.value));
        return response;
      },
    });
  }
}

export const jarOf = (api: APIRequestContext) => async () => (await api.storageState()).cookies;

// A browser context: every response its pages receive (redirect hops included), plus its
// `context.request` / `page.request` client. Returns a flush for teardown, which waits for the
// header reads still in flight and records the cookies the context holds at the end.
export function watchContext(context: BrowserContext): () => Promise<void> {
  const pending = new Set<Promise<void>>();
  context.on("response", (response) => {
    // Static assets never set cookies.
    if (response.url().includes("/_next/static/")) return;
    const read: Promise<void> = response
      .headerValues("set-cookie")
      .then(recordSetCookies, () => {})
      .finally(() => pending.delete(read));
    pending.add(read);
  });
  watchRequests(context.request, () => context.cookies());
  return async () => {
    await Promise.all(pending);
    // A spec may have closed the context already; its responses were recorded as they came.
    recordSeen((await context.cookies().catch(() => [])).map((c) => c.value));
  };
}
