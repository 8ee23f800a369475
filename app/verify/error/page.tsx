import type { Metadata } from "next";
import Link from "next/link";
import { Card, buttonClass } from "@/app/_components/card";
import { statusMessages, verifyRefusals } from "@/app/messages";
import { routes } from "@/lib/routes";

type Props = { searchParams: Promise<{ reason?: string }> };

// Why a link signed nobody in: a challenge status, or a refused request. Own keys only:
// `?reason=constructor` must not pick up Object.prototype's.
async function reasonFor(searchParams: Props["searchParams"]): Promise<{ title: string; body: string }> {
  const { reason = "" } = await searchParams;
  if (Object.hasOwn(verifyRefusals, reason)) return verifyRefusals[reason as keyof typeof verifyRefusals];
  if (Object.hasOwn(statusMessages, reason)) return statusMessages[reason as keyof typeof statusMessages];
  return statusMessages.invalid;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: (await reasonFor(searchParams)).title };
}

export default async function VerifyErrorPage({ searchParams }: Props) {
  const { title, body } = await reasonFor(searchParams);
  return (
    <Card title={title}>
      <p className="mb-6 text-gray-600 dark:text-gray-400">{body}</p>
      <Link href={routes.login} className={`block text-center ${buttonClass}`}>
        Get a new sign-in link
      </Link>
    </Card>
  );
}
