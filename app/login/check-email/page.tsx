import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { db } from "@/db";
import { secondsUntilNextSend } from "@/lib/auth/challenge";
import { bindingCookie, deviceCookie, methodCookie } from "@/lib/auth/cookies";
import { preferredMethod, type Method } from "@/lib/auth/device";
import { maskEmail } from "@/lib/auth/email-address";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { loginPath, routes } from "@/lib/routes";
import { CodeForm } from "./code-form";
import { MethodSwitch } from "./method-switch";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ method?: string }> }) {
  const binding = await bindingCookie.read();
  if (!binding) redirect(routes.login);
  const { method: chosen } = await searchParams;
  const method = preferredMethod(await headers(), chosen ?? (await methodCookie.read()) ?? undefined);
  const deviceId = (await deviceCookie.read())?.id ?? null;
  const waitSeconds = await secondsUntilNextSend(db(), binding.email, deviceId).catch(redirectIfDbUnavailable);
  const address = <strong>{maskEmail(binding.email)}</strong>;
  return (
    <Card title="Check your email">
      {binding.cid === null ? (
        <SentEarlier address={address} />
      ) : (
        <Sent address={address} method={method} codeChosen={chosen === "code"} />
      )}
      <div className="mt-8 space-y-3 border-t border-gray-200 pt-6 dark:border-gray-800">
        <ResendForm waitSeconds={waitSeconds} />
        <Link href={loginPath(binding.next)} className={`block text-center text-sm ${linkClass}`}>
          Use a different email
        </Link>
      </div>
    </Card>
  );
}

function Sent({ address, method, codeChosen }: { address: ReactNode; method: Method; codeChosen: boolean }) {
  return (
    <>
      <p className="mb-6 text-gray-600 dark:text-gray-400">We sent a sign-in link and a 6-digit code to {address}.</p>
      {method === "code" ? (
        <>
          {/* Chosen a moment ago, not shown first by default: the person is about to type. */}
          <CodeForm focus={codeChosen} />
          <p className="mt-4 text-sm text-gray-600 dark:text-gray-400">Or tap the link in the email.</p>
          <MethodSwitch to="link" label="I'll use the link instead" />
        </>
      ) : (
        <>
          <p className="font-medium">Click the link in the email to sign in.</p>
          <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
            Open it in this browser to be signed in at once.
          </p>
          <MethodSwitch to="code" label="Enter the code instead" />
        </>
      )}
    </>
  );
}

// Asked too soon after an email to this address that this browser did not ask for (from a laptop
// a moment ago, say): nothing new was sent, and that email's code is not for this page. The
// countdown already tells anyone that the address was asked for; this says what it means.
function SentEarlier({ address }: { address: ReactNode }) {
  return (
    <>
      <p className="mb-4 text-gray-600 dark:text-gray-400">
        An email with a sign-in link and code went to {address} a moment ago, so no new one was sent yet.
      </p>
      <p className="font-medium">Open the link in that email on this device to sign in here.</p>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
        Or send a new email when the wait is over, and sign in here with its code.
      </p>
    </>
  );
}
