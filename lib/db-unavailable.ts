import "server-only";
import { redirect } from "next/navigation";
import { errorCodes, isConnectionError, withoutQueryValues } from "@/db/client";
import { brand } from "@/lib/brand";
import { authConfig } from "@/lib/auth/config";
import { requestPath, safeNextPath } from "@/lib/auth/http";
import { env } from "@/lib/env";
import { routes, unavailablePath } from "@/lib/routes";

// Failing closed when the database is down, stopped, unreachable or drops the connection.
//
// Route handlers answer 503 themselves (`unavailableResponse`). Pages and server actions cannot
// choose their status in Next 16 (only redirect, notFound, forbidden and unauthorized exist), so
// they redirect to /unavailable?from=<their own path and query>, a route handler that answers
// the same 503 page and sends them back once the database answers. A redirect throws before any
// cookie is written and before the page streams, so nothing leaks out half done.

export const isDbUnavailable = isConnectionError;

// For pages and server actions: `await work().catch(redirectIfDbUnavailable)`. Anything else is
// a bug and goes on to app/error.tsx, rethrown without the query's values (db/client.ts), since
// Next logs it. A server action's request path is the page its form was on, so "Try again"
// reloads that page rather than posting the form again.
export async function redirectIfDbUnavailable(error: unknown): Promise<never> {
  if (!isDbUnavailable(error)) throw withoutQueryValues(error);
  logUnavailable(error);
  redirect(unavailablePath(returnPathFrom(await requestPath())));
}

// Only the error code: driver messages can quote the query and its parameters. A PGlite
// directory in use says which process holds it (its message quotes nothing else).
export function logUnavailable(error: unknown): void {
  const code = errorCodes(error).at(-1) ?? "unknown";
  const why = code === "PGLITE_DIR_IN_USE" ? `: ${(error as Error).message}` : "";
  console.error(`Database unavailable (${code})${why}; answered 503`);
}

// For bookkeeping after something that cannot be taken back (an email went out, or failed to):
// a failure is logged, code only (driver messages quote parameters; callers mask any email in
// `what`), and the caller carries on with the outcome the person should see.
export async function bestEffort(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(`${what} failed (${errorCodes(error).at(-1) ?? (error as Error).name}); carried on`);
  }
}

// `tryAgain`: the route handlers answer in place, where a reload retries the request itself;
// for them the link starts over at sign-in (a /verify URL holds a token, never put in a page).
export function unavailableResponse(tryAgain: string = routes.login): Response {
  return new Response(unavailablePage(tryAgain), {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      // Clients and uptime checkers may come back after this many seconds.
      "Retry-After": "30",
    },
  });
}

// For route handlers: the handler's own response, or the 503 page if the database failed.
export async function respondUnlessDbUnavailable(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!isDbUnavailable(error)) throw withoutQueryValues(error);
    logUnavailable(error);
    return unavailableResponse();
  }
}

// Plain HTML in the brand's colours and both themes: when the database is down, nothing that
// could fail again (React rendering, the app's CSS) stands between the person and this message.
function unavailablePage(tryAgain: string): string {
  const { light, dark } = brand.colors;
  const name = brand.name.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const logo = brand.logoSvg.replace("<svg", '<svg aria-hidden="true"');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable · ${name}</title>
<style>:root{color-scheme:light dark;--brand:${light.brand}}
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:28rem;margin:15vh auto;padding:0 1rem;background:#f9fafb;color:#111827}
header{display:flex;align-items:center;gap:.5rem;font-size:1.125rem;font-weight:600}
header svg{width:2rem;height:2rem;color:var(--brand)}
a{color:var(--brand);font-weight:500;text-underline-offset:2px}
:focus-visible{outline:2px solid var(--brand);outline-offset:2px}
@media (prefers-color-scheme:dark){:root{--brand:${dark.brand}}body{background:#030712;color:#f3f4f6}}</style></head>
<body><header>${logo}<span>${name}</span></header>
<main><h1>Temporarily unavailable</h1>
<p>Sign-in is not working right now, and nothing was changed. Please try again in a minute;
if your sign-in link or code no longer works then, request a new one.</p>
<p><a href="${escapeAttribute(tryAgain)}">Try again</a></p></main></body></html>`;
}

// The link holds a path from the request (checked, percent-encoded): escaped all the same.
function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

// The 503 page for pages and server actions (app/unavailable/route.ts) remembers where the
// person was, so it can send them back once the database answers again.
// `from` arrives in a URL anyone can craft: it is checked like every `next` (same-origin paths
// only), and /unavailable itself is refused, since sending someone back there leads nowhere.
export function returnPathFrom(raw: unknown): string {
  const path = safeNextPath(raw, env().appUrl);
  return isUnavailablePage(path) ? authConfig.defaultNextPath : path;
}

function isUnavailablePage(path: string): boolean {
  const { pathname } = new URL(path, env().appUrl);
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Not valid percent-encoding: no route by that name either.
  }
  return decoded.replace(/\/$/, "") === routes.unavailable;
}
