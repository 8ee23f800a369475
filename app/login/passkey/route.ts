import { passkeyChallengeCookie } from "@/lib/auth/cookies";
import { requestContext, safeNextPath } from "@/lib/auth/http";
import { passkeySignInOptions } from "@/lib/auth/passkey";
import { respondUnlessDbUnavailable } from "@/lib/db-unavailable";
import { env } from "@/lib/env";

// POST /login/passkey?next=…: the options for a passkey sign-in, their challenge bound to this
// browser by a sealed cookie naming its row (with `next`). A route handler, not a server action:
// /login asks for them as it loads (for the email field's autofill), and a server action there
// would queue the email form's own action behind it and re-render the page for its cookie.
// Route handlers get no Origin check from Next: a cross-site POST is refused here.
export async function POST(request: Request): Promise<Response> {
  const { sameOrigin } = await requestContext();
  if (!sameOrigin) return new Response("Cross-site request", { status: 403 });
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), env().appUrl);
  return respondUnlessDbUnavailable(async () => {
    const { challengeId, options } = await passkeySignInOptions();
    await passkeyChallengeCookie.write({ id: challengeId, next });
    return Response.json(options, { headers: { "Cache-Control": "no-store" } });
  });
}
