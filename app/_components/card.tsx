import type { ReactNode } from "react";

// `wrap-anywhere`: an email address is one long word; on a 320 px phone it must break rather
// than widen the page.
export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl bg-white p-8 wrap-anywhere shadow-sm ring-1 ring-gray-200 dark:bg-gray-900 dark:ring-gray-800">
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </section>
  );
}

// Focus rings come from app/globals.css (one rule for every focusable element).
export const buttonClass =
  "w-full rounded-md bg-brand px-4 py-2.5 font-medium text-on-brand hover:bg-brand-strong disabled:opacity-60";

export const secondaryButtonClass =
  "w-full rounded-md px-4 py-2.5 font-medium text-brand ring-1 ring-gray-300 hover:bg-gray-100 disabled:opacity-60 dark:ring-gray-700 dark:hover:bg-gray-800";

export const inputClass =
  "mt-1 block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-base aria-invalid:border-red-600 dark:border-gray-700 dark:bg-gray-950 dark:aria-invalid:border-red-400";

// Underlined, so a link never relies on colour alone (WCAG 1.4.1).
export const linkClass = "font-medium text-brand underline underline-offset-2 hover:decoration-2";
