// Preloaded into `next start` and `next dev` (NODE_OPTIONS=--import, see package.json).
//
// Next fills X-Forwarded-For from the socket only when the header is absent and never appends,
// so without this a client could write its own "address". Here every incoming request gets the
// socket's peer address appended, exactly as a reverse proxy would: the rightmost entry is then
// always the peer we really talked to, and with TRUSTED_PROXY_HOPS=N the client is the N-th
// entry to the left of it. Nothing the client writes can move those entries.
import http from "node:http";
import https from "node:https";

const done = Symbol("sesame.forwardedFor");

function appendPeer(request) {
  // Once per request, even if one server class inherits from the other.
  if (request[done]) return;
  request[done] = true;
  const peer = request.socket?.remoteAddress ?? "unknown";
  const sent = request.headers["x-forwarded-for"];
  const previous = Array.isArray(sent) ? sent.join(", ") : sent;
  request.headers["x-forwarded-for"] = previous ? `${previous}, ${peer}` : peer;
}

for (const Server of [http.Server, https.Server]) {
  const emit = Server.prototype.emit;
  Server.prototype.emit = function emitWithPeer(event, ...args) {
    if (event === "request" && args[0]) appendPeer(args[0]);
    return emit.call(this, event, ...args);
  };
}

// lib/auth/http.ts checks this flag: without the preload, the rightmost entry could be the
// client's own writing, so it refuses to trust it.
globalThis.__sesameForwardedFor = true;
