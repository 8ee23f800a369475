import type { Metadata } from "next";
import Link from "next/link";
import { Card, linkClass } from "@/app/_components/card";

export const metadata: Metadata = { title: "Page not found" };

// Rendered per request like every page (app/layout.tsx), so its scripts carry the CSP nonce.
export default function NotFound() {
  return (
    <Card title="Page not found">
      <p className="mb-6 text-gray-600 dark:text-gray-400">There is nothing at this address.</p>
      <Link href="/" className={linkClass}>
        Go to the start page
      </Link>
    </Card>
  );
}
