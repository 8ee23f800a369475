"use server";

import { redirect } from "next/navigation";
import { db } from "@/db";
import { signOutCurrentSession } from "@/lib/auth/current-session";
import { recordEvent } from "@/lib/auth/events";
import { requestContext } from "@/lib/auth/request";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";

// POST only (a server action): a GET can never sign anyone out.
export async function signOutAction(): Promise<void> {
  const { ip, sameOrigin } = await requestContext();
  if (!sameOrigin) redirect("/account");
  const ended = await signOutCurrentSession().catch(redirectIfDbUnavailable);
  if (ended) await recordEvent(db(), { type: "signed_out", userId: ended.userId, email: ended.email, ip });
  redirect("/login");
}
