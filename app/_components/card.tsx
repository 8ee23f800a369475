import type { ReactNode } from "react";

export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-gray-200 dark:bg-gray-900 dark:ring-gray-800">
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </section>
  );
}

export const buttonClass =
  "w-full rounded-md bg-brand px-4 py-2.5 font-medium text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand disabled:opacity-60";

export const secondaryButtonClass =
  "w-full rounded-md px-4 py-2.5 font-medium text-brand ring-1 ring-gray-300 hover:bg-gray-100 focus-visible:outline-2 focus-visible:outline-brand disabled:opacity-60 dark:ring-gray-700 dark:hover:bg-gray-800";

export const inputClass =
  "mt-1 block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-brand aria-invalid:border-red-600 dark:border-gray-700 dark:bg-gray-950";

export const linkClass = "font-medium text-brand underline-offset-2 hover:underline";
