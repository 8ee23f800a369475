import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { EmailView } from "@/app/dev/_components/email-view";
import { emailPreviews } from "@/emails";
import { isProductionBuild } from "@/lib/env";
import { routes } from "@/lib/routes";
import { renderEmail } from "@/lib/email";

// Development only: one template, through the same rendering sendEmail uses, so the text part
// shown is exactly the one that is sent.
export default async function DevEmailPreviewPage({ params }: { params: Promise<{ name: string }> }) {
  if (isProductionBuild) notFound();
  const { name } = await params;
  const preview = Object.hasOwn(emailPreviews, name) ? emailPreviews[name] : undefined;
  if (!preview) notFound();
  const { html, text } = await renderEmail(preview());
  return (
    <Card title={name}>
      <p className="mb-4 text-sm text-gray-600 dark:text-gray-400">
        emails/{name}.tsx with its PreviewProps ·{" "}
        <Link href={routes.devEmails} className={linkClass}>
          all templates
        </Link>
      </p>
      <EmailView html={html} text={text} />
    </Card>
  );
}
