import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { linkClass } from "@/app/_components/card";
import type { Method } from "@/lib/auth/device";

export const METHOD_COOKIE = "sesame_method";

// A plain form, so switching works without JavaScript; the choice is remembered for next time.
export function MethodSwitch({ to, label }: { to: Method; label: string }) {
  async function chooseMethod() {
    "use server";
    (await cookies()).set(METHOD_COOKIE, to, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 365 * 24 * 3600,
    });
    // The query marks a choice just made, so the code field can take the focus (page.tsx).
    redirect(`/login/check-email?method=${to}`);
  }
  return (
    <form action={chooseMethod} className="mt-4">
      <button type="submit" className={`text-sm ${linkClass}`}>
        {label}
      </button>
    </form>
  );
}
