import { unavailableResponse } from "@/lib/db-unavailable";

// Where pages and server actions send people when the database is down (see lib/db-unavailable).
// A route handler, because only route handlers choose their HTTP status.
export function GET() {
  return unavailableResponse();
}
