// Liveness only: answers without touching the database, so a load balancer can tell "this
// process serves requests" from "the database is down" (a readiness check says the latter).
// The bench also uses it as the ceiling: the cost of the cheapest request this server can serve.
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok", { headers: { "Cache-Control": "no-store", "Content-Type": "text/plain" } });
}
