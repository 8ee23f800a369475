import "server-only";
import { z } from "zod";
import { authConfig } from "./config";
import { sealedCookie } from "./sealed-cookie";

// The session cookie seals only ids; everything else is read from the `sessions` row.
export const sessionCookie = sealedCookie(
  authConfig.session.cookieName,
  authConfig.session.absoluteLifetimeDays * 24 * 3600,
  z.object({ sid: z.string().min(1), uid: z.string().min(1) }),
);

// The id of the session a sign-in through this cookie will start, drawn when the cookie is
// written (128 random bits, like every session id; sealed, so only this server can read it).
// A browser without JavaScript whose button was pressed twice shows only the second answer;
// the first, with the session cookie, is dropped. Holding this id is how the second request
// proves it comes from the same browser, and gets that same session (lib/auth/resume.ts).
const sid = z.string().min(16);

// Set on the browser that asked for a sign-in email. It lets that browser redeem the link in one
// click and tells the code form which challenge it is for. A request throttled for its address
// binds nothing new (the page still looks the same): `cid` stays the challenge this browser was
// already sent for that same address, and is null when it had none for it (app/login/actions.ts).
// `lastWrong`: the mark of the last wrong code this browser sent (secrets.ts), so the same form
// sent again (a reload of the answer, which re-posts it without JavaScript) spends no new try.
const bindingShape = z.object({
  cid: z.uuid().nullable(),
  email: z.string(),
  next: z.string(),
  sid,
  lastWrong: z.string().optional(),
});
export type Binding = z.infer<typeof bindingShape>;
export const bindingCookie = sealedCookie("sesame_binding", authConfig.linkLifetimeMinutes * 60, bindingShape);

// A link opened without the binding cookie is parked here, so the token leaves the address bar
// and the confirm page can POST without carrying it in the URL. `cid` is its challenge: the
// confirm page's form names it, and POST /verify redeems the parked link only if they match.
// Another site can open a link of its own in this browser (a pop-up, say), parking it over the
// one whose address the page shows; without the check, pressing the button would sign the
// person in to that other account.
export const pendingLinkCookie = sealedCookie(
  "sesame_pending_link",
  authConfig.linkLifetimeMinutes * 60,
  z.object({ token: z.string(), cid: z.uuid(), sid }),
);
