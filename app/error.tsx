"use client";

import { Card, linkClass } from "@/app/_components/card";

// Shown for errors nothing handles: a bug (or, on Vercel, a missing production variable, which
// `next start` would have refused). Database outages never get here: pages and actions redirect
// to /unavailable, which answers 503 (lib/db-unavailable.ts). No stack trace, no details.
export default function ErrorPage({ reset }: { reset: () => void }) {
  return (
    <Card title="Temporarily unavailable">
      <p className="mb-6 text-gray-600 dark:text-gray-400">
        Sign-in is not working right now. Nothing was changed. Please try again in a moment.
      </p>
      <button type="button" onClick={reset} className={linkClass}>
        Try again
      </button>
    </Card>
  );
}
