"use client";

import { useState, type FormEvent } from "react";
import { buttonClass } from "@/app/_components/card";
import { routes } from "@/lib/routes";

// A plain POST to /verify (it works without JavaScript). With JavaScript, a second press is
// ignored: it would start a second request that finds the link already used, and the browser
// would drop the first answer, its session cookie with it.
export function ConfirmForm({ challengeId }: { challengeId: string }) {
  const [sent, setSent] = useState(false);
  const once = (event: FormEvent) => {
    if (sent) event.preventDefault();
    else setSent(true);
  };
  return (
    <form method="post" action={routes.verify} onSubmit={once}>
      {/* The link this page shows: POST /verify refuses to redeem any other (lib/auth/cookies.ts). */}
      <input type="hidden" name="challenge" value={challengeId} />
      <button type="submit" aria-disabled={sent} className={buttonClass}>
        {sent ? "Signing in…" : "Sign in on this device"}
      </button>
    </form>
  );
}
