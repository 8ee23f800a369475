import { redirect } from "next/navigation";
import { linkClass } from "@/app/_components/card";
import { methodCookie } from "@/lib/auth/cookies";
import type { Method } from "@/lib/auth/device";
import { routes } from "@/lib/routes";

// A plain form, so switching works without JavaScript; the choice is remembered for next time.
export function MethodSwitch({ to, label }: { to: Method; label: string }) {
  async function chooseMethod() {
    "use server";
    await methodCookie.write(to);
    // The query marks a choice just made, so the code field can take the focus (page.tsx).
    redirect(`${routes.checkEmail}?method=${to}`);
  }
  return (
    <form action={chooseMethod} className="mt-4">
      <button type="submit" className={`text-sm ${linkClass}`}>
        {label}
      </button>
    </form>
  );
}
