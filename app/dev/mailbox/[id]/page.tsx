import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { EmailView } from "@/app/dev/_components/email-view";
import { listDevMailbox } from "@/lib/email";
import { isProductionBuild } from "@/lib/env";
import { routes } from "@/lib/routes";

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
        <Link href={routes.devMailbox} className={linkClass}>
          all emails
        </Link>
      </p>
      <EmailView html={message.html} text={message.text} />
    </Card>
  );
}
