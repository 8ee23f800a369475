import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { emailPreviews } from "@/emails";
import { isProductionBuild } from "@/lib/env";
import { routes } from "@/lib/routes";

// As the mailbox's: no title reaches a production 404.
export const metadata: Metadata = isProductionBuild ? {} : { title: "Email previews" };

// Development only (`npm run dev`, or `npm run email`): every template in emails/, rendered with its PreviewProps.
export default function DevEmailsPage() {
  if (isProductionBuild) notFound();
  return (
    <Card title="Email previews">
      <p className="mb-4 text-sm text-gray-600 dark:text-gray-400">
        Each template in <code>emails/</code> with its <code>PreviewProps</code>, rendered as it is sent. Edit a
        template and reload.
      </p>
      <ul className="divide-y divide-gray-200 dark:divide-gray-800">
        {Object.keys(emailPreviews).map((name) => (
          <li key={name} className="py-3">
            <Link href={`${routes.devEmails}/${name}`} className={linkClass}>
              {name}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
