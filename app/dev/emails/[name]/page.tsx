import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, linkClass } from "@/app/_components/card";
import { emailPreviews } from "@/emails";
import { isProductionBuild } from "@/lib/env";
import { renderEmail } from "@/lib/render-email";

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
        <Link href="/dev/emails" className={linkClass}>
          all templates
        </Link>
      </p>
      {/* Sandboxed: the email's HTML runs no script; its links open in this tab. */}
      <iframe
        title="Email (HTML part)"
        srcDoc={html.replace("<head>", '<head><base target="_top">')}
        sandbox="allow-top-navigation-by-user-activation"
        className="h-[32rem] w-full rounded-md bg-white ring-1 ring-gray-200"
      />
      <h2 className="mt-6 mb-2 text-sm font-medium">Text part</h2>
      <pre className={textPartClass}>{text}</pre>
    </Card>
  );
}

const textPartClass =
  "rounded-md bg-gray-50 p-4 text-xs whitespace-pre-wrap ring-1 ring-gray-200 dark:bg-gray-950 dark:ring-gray-800";
