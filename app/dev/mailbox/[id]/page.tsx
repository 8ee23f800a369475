import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { listDevMailbox } from "@/lib/dev-mailbox";
import { isProductionBuild } from "@/lib/env";

// Not even its title reaches a production 404: nothing there should hint that the page exists.
export const metadata: Metadata = isProductionBuild ? {} : { title: "Dev mailbox" };

export default async function DevMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (isProductionBuild) notFound();
  const { id } = await params;
  const message = listDevMailbox().find((m) => m.id === id);
  if (!message) notFound();
  return (
    <Card title={message.subject}>
      <p className="mb-4 text-sm text-gray-600 dark:text-gray-400">
        to {message.to} ·{" "}
        <Link href="/dev/mailbox" className={linkClass}>
          all emails
        </Link>
      </p>
      {/* Sandboxed: the email's HTML runs no script; its links open in this tab. */}
      <iframe
        title="Email (HTML part)"
        srcDoc={message.html.replace("<head>", '<head><base target="_top">')}
        sandbox="allow-top-navigation-by-user-activation"
        className="h-[28rem] w-full rounded-md bg-white ring-1 ring-gray-200"
      />
      <details className="mt-4">
        <summary className="cursor-pointer text-sm font-medium">Text part</summary>
        <pre className="mt-2 text-xs whitespace-pre-wrap">{message.text}</pre>
      </details>
    </Card>
  );
}
