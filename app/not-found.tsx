import type { Metadata } from "next";
import { Card, linkClass } from "@/app/_components/card";

export const metadata: Metadata = { title: "Page not found" };

// A plain link: "/" redirects on the server anyway, so client-side navigation gains nothing.
export default function NotFound() {
  return (
    <Card title="Page not found">
      <p className="mb-6 text-gray-600 dark:text-gray-400">There is nothing at this address.</p>
      <a href="/" className={linkClass}>
        Go to the start page
      </a>
    </Card>
  );
}
