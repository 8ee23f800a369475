import "server-only";
import { headers } from "next/headers";

// proxy.ts copies each request's path and query here, overwriting whatever a client sent: pages
// and server actions cannot read their own URL in Next 16 (a server action's request URL is the
// page it was posted from), yet the sign-in and outage redirects must bring people back to it.
// Still input: every reader passes it through safeNextPath like any `next`.
export const REQUEST_PATH_HEADER = "x-sesame-url";

// The path and query this request was made for, or null outside a request proxy.ts saw.
export async function requestPath(): Promise<string | null> {
  return (await headers()).get(REQUEST_PATH_HEADER);
}
