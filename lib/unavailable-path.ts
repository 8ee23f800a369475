import "server-only";
import { authConfig } from "@/lib/auth/config";
import { safeNextPath } from "@/lib/auth/next-path";
import { env } from "@/lib/env";

// The 503 page for pages and server actions (app/unavailable/route.ts) remembers where the
// person was, so it can send them back once the database answers again.
export function unavailablePath(from: string): string {
  return `/unavailable?from=${encodeURIComponent(from)}`;
}

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
  return /^\/unavailable\/?$/.test(decoded);
}
