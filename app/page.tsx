import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

// The starter has no public pages of its own yet: send people where they can act.
export default async function Home() {
  redirect((await getCurrentSession()) ? routes.account : routes.login);
}
