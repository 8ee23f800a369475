import type { Metadata } from "next";
import Link from "next/link";
import { Card, buttonClass } from "@/app/_components/card";

const reasons: Record<string, { title: string; body: string }> = {
  expired: { title: "This link has expired", body: "Sign-in links work for a few minutes only. Ask for a new one." },
  used: {
    title: "This link was already used",
    body: "Each link signs in once. Ask for a new one if you are not signed in.",
  },
  superseded: {
    title: "A newer link was sent",
    body: "Only the most recent email works. Use it, or ask for a new one.",
  },
  cancelled: {
    title: "This link was cancelled",
    body: "The account signed out everywhere after it was sent, which cancels the links and codes sent before. Ask for a new one.",
  },
  burned: { title: "This sign-in was locked", body: "Too many wrong codes were entered. Ask for a new link." },
  // The provider reported a failure, so the challenge was ended; an email can still arrive when
  // the failure was a lost reply to a send that went through.
  send_failed: {
    title: "This link was never sent successfully",
    body: "Sending the email failed, so its link and code were turned off. Ask for a new one.",
  },
  "cross-site": { title: "This request came from another site", body: "Open the link from your email again." },
  // The confirm page was for one link, and another was opened in this browser since.
  replaced: {
    title: "Another sign-in link was opened in this browser",
    body: "To be safe, neither link signed you in. Open the link from your email again.",
  },
  invalid: { title: "This link is not valid", body: "It may have been copied incompletely. Ask for a new one." },
  // Invite-only, and the link's address has no account. Whoever sees this opened the emailed
  // link, so they learn nothing about an address they do not hold.
  no_account: {
    title: "There is no account for this address",
    body: "Signing in here is by invitation. Ask the people who run this site to invite you, or use the address you were invited with.",
  },
};

type Props = { searchParams: Promise<{ reason?: string }> };

// Own keys only: `?reason=constructor` must not pick up Object.prototype's.
async function reasonFor(searchParams: Props["searchParams"]) {
  const { reason = "" } = await searchParams;
  return Object.hasOwn(reasons, reason) ? reasons[reason]! : reasons.invalid!;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: (await reasonFor(searchParams)).title };
}

export default async function VerifyErrorPage({ searchParams }: Props) {
  const { title, body } = await reasonFor(searchParams);
  return (
    <Card title={title}>
      <p className="mb-6 text-gray-600 dark:text-gray-400">{body}</p>
      <Link href="/login" className={`block text-center ${buttonClass}`}>
        Get a new sign-in link
      </Link>
    </Card>
  );
}
