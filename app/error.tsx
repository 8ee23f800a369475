"use client";

// Shown when a server dependency fails (e.g. the database is down). No stack trace, no details.
export default function ErrorPage({ reset }: { reset: () => void }) {
  return (
    <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-gray-200 dark:bg-gray-900 dark:ring-gray-800">
      <h1 className="mb-4 text-2xl font-semibold">Temporarily unavailable</h1>
      <p className="mb-6 text-gray-600 dark:text-gray-400">
        Sign-in is not working right now. Nothing was changed. Please try again in a moment.
      </p>
      <button type="button" onClick={reset} className="font-medium text-brand underline-offset-2 hover:underline">
        Try again
      </button>
    </section>
  );
}
