import "server-only";
import { cookies } from "next/headers";
import type { z } from "zod";
import { env } from "@/lib/env";
import { openSeal, sealValue, type SealSecrets } from "./seal";

const secrets = (): SealSecrets => ({ current: env().sessionSecret, previous: env().previousSessionSecret });

// An encrypted, authenticated cookie (iron-session's seal, ./seal.ts) holding a small typed value.
// Tampered, expired, foreign or malformed cookies read as null: "not there", never an error.
// Sealed with SESSION_SECRET; opened with it or SESSION_SECRET_PREVIOUS (rotation).
export function sealedCookie<T extends object>(baseName: string, ttlSeconds: number, shape: z.ZodType<T>) {
  // `__Host-` pins the cookie to this exact origin (Secure, Path=/, no Domain) in production.
  const name = () => (env().isProduction ? `__Host-${baseName}` : baseName);

  return {
    async read(): Promise<T | null> {
      const raw = (await cookies()).get(name())?.value;
      return raw ? openSeal(raw, secrets(), ttlSeconds, shape) : null;
    },
    async write(value: T): Promise<void> {
      const sealed = await sealValue(value, secrets(), ttlSeconds);
      (await cookies()).set(name(), sealed, {
        httpOnly: true,
        // Lax, not Strict: Strict drops the cookie when the link is clicked from webmail.
        sameSite: "lax",
        secure: env().isProduction,
        path: "/",
        maxAge: ttlSeconds,
      });
    },
    async clear(): Promise<void> {
      (await cookies()).set(name(), "", {
        httpOnly: true,
        sameSite: "lax",
        secure: env().isProduction,
        path: "/",
        maxAge: 0,
      });
    },
  };
}
