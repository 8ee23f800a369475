import type { NextRequest } from "next/server";
import { returnPathFrom, unavailableResponse } from "@/lib/db-unavailable";
import { databaseAnswers } from "@/lib/health";
import { unavailablePath } from "@/lib/routes";

// Where pages and server actions send people when the database is down (see lib/db-unavailable),
// as /unavailable?from=<where they were>. A route handler, because only route handlers choose
// their HTTP status. Each visit (a reload, "Try again") asks the database again, the same way
// /api/health does: once it answers, back to `from`; until then, the 503 page.
export async function GET(request: NextRequest) {
  const from = returnPathFrom(request.nextUrl.searchParams.get("from"));
  if (await databaseAnswers()) {
    // Relative: `next start` would build an absolute URL from its bind address.
    return new Response(null, { status: 303, headers: { Location: from, "Cache-Control": "no-store" } });
  }
  return unavailableResponse(unavailablePath(from));
}
