import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Card, linkClass } from "@/app/_components/card";

export const metadata: Metadata = { title: "Page not found" };

// Rendered per request, not prerendered at build time: Next stamps the CSP nonce from proxy.ts
// on its scripts only while rendering a request, and under 'strict-dynamic' a prerendered page's
// scripts, which carry no nonce, are all refused.
export default async function NotFound() {
  await connection();
  return (
    <Card title="Page not found">
      <p className="mb-6 text-gray-600 dark:text-gray-400">There is nothing at this address.</p>
      <Link href="/" className={linkClass}>
        Go to the start page
      </Link>
    </Card>
  );
}
