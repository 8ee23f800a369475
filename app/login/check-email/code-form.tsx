"use client";

import { useActionState, useRef } from "react";
import { buttonClass, inputClass } from "@/app/_components/card";
import { FormMessage, idleState } from "@/app/_components/form";
import { verifyCodeAction } from "./actions";
import { codeDigits } from "./code-digits";

export function CodeForm({ focus = false }: { focus?: boolean }) {
  const [state, action, pending] = useActionState(verifyCodeAction, idleState);
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <form ref={formRef} action={action}>
      <label htmlFor="code" className="block text-sm font-medium">
        Code
      </label>
      <input
        id="code"
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus={focus}
        maxLength={16}
        required
        aria-invalid={state.status === "error" || undefined}
        aria-describedby="code-message"
        className={`${inputClass} text-center font-mono text-2xl tracking-[0.4em]`}
        onInput={(event) => {
          // With JavaScript, the sixth digit submits; without it, the button does.
          if (codeDigits(event.currentTarget.value).length === 6 && !pending) formRef.current?.requestSubmit();
        }}
      />
      <FormMessage id="code-message" message={state.message} />
      <button type="submit" disabled={pending} className={`mt-2 ${buttonClass}`}>
        {pending ? "Checking…" : "Sign in with code"}
      </button>
    </form>
  );
}
