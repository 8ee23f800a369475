import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { db } from "@/db";
import { secondsUntilNextSend } from "@/lib/auth/challenges";
import { bindingCookie } from "@/lib/auth/cookies";
import { preferredMethod } from "@/lib/auth/device";
import { maskEmail } from "@/lib/auth/email-address";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { CodeForm } from "./code-form";
import { MethodSwitch, METHOD_COOKIE } from "./method-switch";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ method?: string }> }) {
  const binding = await bindingCookie.read();
  if (!binding) redirect("/login");
  const { method: chosen } = await searchParams;
  const method = preferredMethod(await headers(), chosen ?? (await cookies()).get(METHOD_COOKIE)?.value);
  const waitSeconds = await secondsUntilNextSend(db(), binding.email).catch(redirectIfDbUnavailable);
  return (
    <Card title="Check your email">
      <p className="mb-6 text-gray-600 dark:text-gray-400">
        We sent a sign-in link and a 6-digit code to <strong>{maskEmail(binding.email)}</strong>.
      </p>
      {method === "code" ? (
        <>
          {/* Chosen a moment ago, not shown first by default: the person is about to type. */}
          <CodeForm focus={chosen === "code"} />
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
      <div className="mt-8 space-y-3 border-t border-gray-200 pt-6 dark:border-gray-800">
        <ResendForm waitSeconds={waitSeconds} />
        <Link
          href={`/login?next=${encodeURIComponent(binding.next)}`}
          className={`block text-center text-sm ${linkClass}`}
        >
          Use a different email
        </Link>
      </div>
    </Card>
  );
}
