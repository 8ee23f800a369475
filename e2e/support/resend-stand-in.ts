// A local stand-in for Resend's `POST /emails`, so the e2e suite runs the real Resend SDK against
// something it controls. Run with `npx tsx e2e/support/resend-stand-in.ts` (PORT, default 3101).
//
// Test endpoints (not part of Resend):
//   GET  /__messages?to=<email>  recorded messages, oldest first (all of them without `to`)
//   GET  /__attempts?to=<email>  how many `POST /emails` reached us for `to`, failed ones included
//   POST /__fail {mode, to?}     a failure for every send, or only for `to`:
//     "500" | "429"  Resend's error bodies; "403" an invalid API key; "hang" never answers;
//     "lost-reply"   records a new email but never answers (a timed-out success); a retry
//                    with the same idempotency key gets the first answer, like Resend;
//     "none"         back to normal
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type StoredMessage = {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  receivedAt: string;
};
const failModes = ["none", "500", "429", "403", "hang", "lost-reply"] as const;
export type FailMode = (typeof failModes)[number];

const messages: StoredMessage[] = [];
const byIdempotencyKey = new Map<string, { message: StoredMessage; body: string }>();
// Failure modes by recipient; "*" applies to every send.
const failures = new Map<string, FailMode>();
const attempts = new Map<string, number>();

const MAX_BODY_BYTES = 1_000_000;

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

// Resend's error body shape: { statusCode, name, message }.
function replyError(response: ServerResponse, status: number, name: string, message: string, headers = {}) {
  reply(response, status, { statusCode: status, name, message }, headers);
}

function parseEmail(body: string): Omit<StoredMessage, "id" | "idempotencyKey" | "receivedAt"> | string {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return "Body is not valid JSON";
  }
  const to = typeof json.to === "string" ? [json.to] : json.to;
  if (typeof json.from !== "string" || json.from === "") return "Missing `from` field.";
  if (!Array.isArray(to) || to.length === 0 || !to.every((t) => typeof t === "string")) {
    return "Missing `to` field.";
  }
  if (typeof json.subject !== "string" || json.subject === "") return "Missing `subject` field.";
  if (typeof json.html !== "string" && typeof json.text !== "string") {
    return "Missing `html` or `text` field.";
  }
  return {
    from: json.from,
    to: to.map((address) => address.toLowerCase()),
    subject: json.subject,
    html: typeof json.html === "string" ? json.html : "",
    text: typeof json.text === "string" ? json.text : "",
  };
}

async function sendEmail(request: IncomingMessage, response: ServerResponse) {
  if (!/^Bearer re_\S+$/.test(request.headers.authorization ?? "")) {
    return replyError(response, 401, "missing_api_key", "Missing API key in the authorization header.");
  }
  const body = await readBody(request);
  const email = parseEmail(body);
  if (typeof email === "string") return replyError(response, 422, "validation_error", email);

  for (const to of email.to) attempts.set(to, (attempts.get(to) ?? 0) + 1);
  const mode = email.to.map((to) => failures.get(to)).find(Boolean) ?? failures.get("*") ?? "none";
  // "hang" never answers: the SDK's own timeout has to give up.
  if (mode === "hang") return;
  if (mode === "500") return replyError(response, 500, "internal_server_error", "Stand-in failure.");
  if (mode === "429") {
    return replyError(response, 429, "rate_limit_exceeded", "Too many requests.", { "Retry-After": "1" });
  }
  if (mode === "403") return replyError(response, 403, "invalid_api_key", "API key is invalid.");

  const idempotencyKey = (request.headers["idempotency-key"] as string | undefined) ?? null;
  const earlier = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
  if (earlier) {
    // Like Resend: a retry returns the first answer; the same key with another payload is refused.
    if (earlier.body !== body) {
      return replyError(response, 409, "invalid_idempotent_request", "Same key, different payload.");
    }
    return reply(response, 200, { id: earlier.message.id });
  }
  const message = { id: randomUUID(), idempotencyKey, ...email, receivedAt: new Date().toISOString() };
  messages.push(message);
  if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, { message, body });
  if (mode === "lost-reply") return;
  reply(response, 200, { id: message.id });
}

async function setFailure(request: IncomingMessage, response: ServerResponse) {
  const { mode, to } = JSON.parse((await readBody(request)) || "{}") as { mode?: string; to?: string };
  if (!failModes.includes(mode as FailMode)) {
    return reply(response, 400, { error: `mode must be one of ${failModes.join(", ")}` });
  }
  const key = to ? to.toLowerCase() : "*";
  if (mode === "none") {
    if (key === "*") failures.clear();
    else failures.delete(key);
  } else {
    failures.set(key, mode as FailMode);
  }
  reply(response, 200, { mode, to: to ?? null });
}

function listMessages(url: URL, response: ServerResponse) {
  const to = url.searchParams.get("to")?.toLowerCase();
  reply(response, 200, to ? messages.filter((m) => m.to.includes(to)) : messages);
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://stand-in");
  const route = `${request.method} ${url.pathname}`;
  const handled =
    route === "POST /emails"
      ? sendEmail(request, response)
      : route === "GET /__messages"
        ? Promise.resolve(listMessages(url, response))
        : route === "GET /__attempts"
          ? Promise.resolve(reply(response, 200, attempts.get(url.searchParams.get("to")?.toLowerCase() ?? "") ?? 0))
          : route === "POST /__fail"
            ? setFailure(request, response)
            : Promise.resolve(replyError(response, 404, "not_found", `No route ${route}`));
  handled.catch((error: Error) => {
    if (!response.headersSent) replyError(response, 400, "bad_request", error.message);
  });
});

const port = Number(process.env.PORT ?? 3101);
server.listen(port, "127.0.0.1", () => {
  // PORT=0 picks a free port; integration suites read it from this line.
  const { port: bound } = server.address() as { port: number };
  console.log(`Resend stand-in listening on http://127.0.0.1:${bound}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => process.exit(0));
}
