"use client";

import { useActionState, useEffect, useState } from "react";
import { secondaryButtonClass } from "@/app/_components/card";
import { FormMessage, idleState } from "@/app/_components/form";
import { resendAction } from "./actions";

// The wait is rendered by the server (right without JavaScript) and counts down with it.
export function ResendForm({ waitSeconds }: { waitSeconds: number }) {
  const [state, action, pending] = useActionState(resendAction, idleState);
  const [wait, setWait] = useState(waitSeconds);
  // An answer that names a wait restarts the countdown. Adjusted while rendering, not in an
  // effect, so the button never shows the stale count for a frame.
  const [answered, setAnswered] = useState(state);
  if (state !== answered) {
    setAnswered(state);
    if (state.retryAfterSeconds !== undefined) setWait(state.retryAfterSeconds);
  }
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  return (
    <form action={action}>
      <button
        type="submit"
        disabled={pending || wait > 0}
        aria-describedby="resend-message"
        className={secondaryButtonClass}
      >
        {wait > 0 ? `Send again in ${shortWait(wait)}` : "Send again"}
      </button>
      <FormMessage id="resend-message" message={state.message} tone={state.status === "error" ? "error" : "info"} />
    </form>
  );
}

// Seconds while they are few; minutes when the hourly cap, not the cooldown, sets the wait.
const shortWait = (seconds: number) => (seconds < 120 ? `${seconds}s` : `${Math.ceil(seconds / 60)} min`);
