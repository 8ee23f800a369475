"use client";

import { useActionState, useState } from "react";
import { buttonClass, inputClass } from "@/app/_components/card";
import { FormMessage, idleState } from "@/app/_components/form";
import { requestSignInAction } from "./actions";
import { PasskeySignIn } from "./passkey-sign-in";

export function LoginForm({ next, email }: { next: string; email?: string }) {
  const [state, action, pending] = useActionState(requestSignInAction, idleState);
  const invalid = state.status === "error";
  // Passkeys in the field's autofill, once the browser says it offers them (passkey-sign-in.tsx).
  const [autofill, setAutofill] = useState(false);
  return (
    <>
      <form action={action} noValidate>
        <input type="hidden" name="next" value={next} />
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          // Re-mounted per answer so the field shows what was submitted, even after React resets the form.
          key={state.email ?? email}
          id="email"
          name="email"
          type="email"
          autoComplete={autofill ? "username webauthn" : "email"}
          required
          defaultValue={state.email ?? email}
          aria-invalid={invalid || undefined}
          aria-describedby="email-message"
          // The re-mount would leave focus on <body>: after an error, it is back in the field.
          autoFocus={invalid}
          className={inputClass}
        />
        <FormMessage id="email-message" message={state.message} />
        <button type="submit" disabled={pending} className={`mt-2 ${buttonClass}`}>
          {pending ? "Sending…" : "Email me a sign-in link"}
        </button>
      </form>
      <PasskeySignIn next={next} autofill={autofill} onAutofill={setAutofill} />
    </>
  );
}
