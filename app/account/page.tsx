import { Card, secondaryButtonClass } from "@/app/_components/card";
import { requireSession } from "@/lib/auth/current-session";
import { signOutAction } from "./actions";

export default async function AccountPage() {
  const session = await requireSession("/account");
  return (
    <Card title="Your account">
      <p className="mb-6">
        Signed in as <strong>{session.email}</strong>
      </p>
      <form action={signOutAction}>
        <button type="submit" className={secondaryButtonClass}>
          Sign out
        </button>
      </form>
    </Card>
  );
}
