import { databaseAnswers } from "@/lib/health";

// For load balancers and uptime checks: 200 when the database answers, 503 otherwise. One
// `select 1` bounded to 2 s, so polling every few seconds costs next to nothing.
export async function GET() {
  const ok = await databaseAnswers();
  return Response.json(
    { db: ok ? "ok" : "unavailable" },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
