import { once } from "node:events";
import { createServer, connect, type Server, type Socket } from "node:net";

// A TCP proxy in front of Postgres that a test controls: take the database away (refused
// connections, live ones dropped), bring it back, or cut the connection the moment a given
// statement is sent. The shared Postgres server itself is never stopped.
export type TcpProxy = {
  port: number;
  // Rewrites a postgres:// URL to go through the proxy.
  url(databaseUrl: string): string;
  down(): Promise<void>;
  up(): Promise<void>;
  // Drops the connection, instead of forwarding, when the client sends SQL containing `text`.
  // One-shot. Statements are sent as text only when a connection first prepares them.
  cutWhen(text: string): void;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cutOn: Buffer | undefined;
  let server: Server;

  const listen = async (on: number) => {
    server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => {});
      }
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("close", drop);
      upstream.on("close", drop);
      client.on("data", (chunk: Buffer) => {
        if (cutOn && chunk.includes(cutOn)) {
          cutOn = undefined;
          return drop();
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    server.listen(on, "127.0.0.1");
    await once(server, "listening");
    return (server.address() as { port: number }).port;
  };
  const stop = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    for (const s of sockets) s.destroy();
    await closed;
  };

  const bound = await listen(port);
  return {
    port: bound,
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(bound);
      return url.toString();
    },
    down: stop,
    up: async () => {
      if (!server.listening) await listen(bound);
    },
    cutWhen(text) {
      cutOn = Buffer.from(text);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
