import type { Metadata } from "next";
import type { ReactNode } from "react";
import { authConfig } from "@/lib/auth/config";
import "./globals.css";

export const metadata: Metadata = {
  title: authConfig.appName,
  description: "Passwordless sign-in with a magic link or a 6-digit code.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
        <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
          {children}
        </main>
      </body>
    </html>
  );
}
