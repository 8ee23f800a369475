import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { listDevMailbox } from "@/lib/email";
import { isProductionBuild } from "@/lib/env";
import { routes } from "@/lib/routes";

// Not even its title reaches a production 404: nothing there should hint that the page exists.
export const metadata: Metadata = isProductionBuild ? {} : { title: "Dev mailbox" };

// Development only: where emails go when RESEND_API_KEY is not set.
export default async function DevMailboxPage() {
  if (isProductionBuild) notFound();
  const messages = listDevMailbox();
  return (
    <Card title="Dev mailbox">
      <p className="mb-4 text-sm text-gray-600 dark:text-gray-400">
        Emails sent without RESEND_API_KEY land here. Newest first; kept in memory until the dev server restarts.
      </p>
      {messages.length === 0 ? (
        <p>
          No emails yet. Sign in at{" "}
          <Link href={routes.login} className={linkClass}>
            {routes.login}
          </Link>{" "}
          first.
        </p>
      ) : (
        <ul className="divide-y divide-gray-200 dark:divide-gray-800">
          {messages.map((m) => (
            <li key={m.id} className="py-3">
              <Link href={`${routes.devMailbox}/${m.id}`} className={linkClass}>
                {m.subject}
              </Link>
              <div className="text-sm text-gray-600 dark:text-gray-400">
                to {m.to} · {m.sentAt.toLocaleTimeString()}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
