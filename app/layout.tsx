import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Logo } from "@/app/_components/logo";
import { brand, brandCssVariables } from "@/lib/brand";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: brand.name, template: `%s · ${brand.name}` },
  description: "Passwordless sign-in with a magic link or a 6-digit code.",
};

// The brand colours travel as custom properties on <html> (app/globals.css picks the light or
// dark set): an inline style, which the CSP allows (lib/security-headers.ts), and no script.
//
// Every page renders per request, never prerendered at build time: Next stamps proxy.ts's CSP
// nonce on its scripts only while rendering a request, and under 'strict-dynamic' a prerendered
// page's scripts, which carry no nonce, are all refused (a page you add would look right and
// never run its JavaScript in production).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en" style={brandCssVariables()}>
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
        <div className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
          <header className="mb-6 flex justify-center">
            <Logo />
          </header>
          <main>{children}</main>
        </div>
      </body>
    </html>
  );
}
