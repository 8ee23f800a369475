import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/card";
import { safeNextPath } from "@/lib/auth/http";
import { getCurrentSession } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(next, env().appUrl);
  if (await getCurrentSession()) redirect(nextPath);
  return (
    <Card title="Sign in">
      <p className="mb-6 text-gray-600 dark:text-gray-400">
        Enter your email and we will send you a sign-in link and code. No password needed.
      </p>
      <LoginForm next={nextPath} />
    </Card>
  );
}
