import "server-only";
import { sealData, unsealData } from "iron-session";
import { cookies } from "next/headers";
import type { z } from "zod";
import { env } from "@/lib/env";

// An encrypted, authenticated cookie (iron-session's seal) holding a small typed value.
// Tampered, expired, foreign or malformed cookies read as null: "not there", never an error.
export function sealedCookie<T>(baseName: string, ttlSeconds: number, shape: z.ZodType<T>) {
  // `__Host-` pins the cookie to this exact origin (Secure, Path=/, no Domain) in production.
  const name = () => (env().isProduction ? `__Host-${baseName}` : baseName);

  return {
    async read(): Promise<T | null> {
      const raw = (await cookies()).get(name())?.value;
      if (!raw) return null;
      const data = await unsealData<unknown>(raw, {
        password: env().sessionSecret,
        ttl: ttlSeconds,
      });
      const parsed = shape.safeParse(data);
      return parsed.success ? parsed.data : null;
    },
    async write(value: T): Promise<void> {
      const sealed = await sealData(value, { password: env().sessionSecret, ttl: ttlSeconds });
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
