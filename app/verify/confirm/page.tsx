import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/card";
import { readLink } from "@/lib/auth/challenge";
import { pendingLinkCookie } from "@/lib/auth/cookies";
import { holdsSession } from "@/lib/auth/session";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { routes, verifyErrorPath } from "@/lib/routes";
import { ConfirmForm } from "./confirm-form";

// Shown when a link is opened without the binding cookie of the browser that asked for it.
// Never "approve the sign-in on my other device": a scanner's click would sign in whoever
// started the login. The person signs in here, on this device, by pressing the button.
// The address is shown whole: only a holder of the link gets here, so masking hides nothing from
// them, and a masked look-alike (the attacker's m•••@inv.test for the victim's) would pass.
export const metadata: Metadata = { title: "Confirm sign-in" };

export default async function ConfirmPage() {
  const pending = await pendingLinkCookie.read();
  if (!pending) {
    // Back to this page after signing in here: the link is spent, and that is no news.
    if (await holdsSession().catch(redirectIfDbUnavailable)) redirect(routes.account);
    redirect(verifyErrorPath("expired"));
  }
  // Database down: the 503 page, not an error page with a 500.
  const link = await readLink(pending.token).catch(redirectIfDbUnavailable);
  if (link.status !== "live") redirect(verifyErrorPath(link.status));
  return (
    <Card title={`Sign in as ${link.email} on this device?`}>
      <p className="mb-6 text-gray-600 dark:text-gray-400">
        This link was opened in a different browser from the one that asked for it. Continue only if you asked to sign
        in.
      </p>
      <ConfirmForm challengeId={pending.cid} />
    </Card>
  );
}
