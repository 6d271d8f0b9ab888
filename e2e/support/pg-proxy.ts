import { createServer, connect, type Server, type Socket } from "node:net";

/*
 * A TCP proxy in front of the shared PostgreSQL, so outage tests can take "the database" away
 * from an app without ever stopping the real server (other tests and helpers use it).
 *
 * cut() ends every proxied connection at once and then treats new ones by `mode`:
 *   "refuse" — the port stops listening: connects fail with ECONNREFUSED (a stopped server);
 *   "reset"  — connects are accepted and dropped at once ("Connection terminated unexpectedly");
 *   "hang"   — connects are accepted and never answered (a network partition): only a connect
 *              timeout gets the caller out.
 * restore() lets connections through again, on the same port.
 */
export type CutMode = "refuse" | "reset" | "hang";

export type PgProxy = {
  readonly port: number;
  /** `url` (a postgresql:// URL of the real server) with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  cut(mode?: CutMode): Promise<void>;
  /**
   * Drops the connection that sends a statement containing `text` (e.g. 'insert into "users"'),
   * the next `times` times: one query fails after everything before it (authentication) worked.
   */
  failStatement(text: string, times?: number): void;
  /**
   * Answers the statement containing `text` with a PostgreSQL error of its own instead of passing
   * it on — a check violation whose detail quotes the statement and its parameters, as the real
   * server's "Failing row contains (…)" does — so the app's unexpected-error path runs with
   * secrets inside the error.
   */
  refuseStatement(text: string, times?: number): void;
  restore(): Promise<void>;
  /** Connections currently proxied (both sides open). */
  readonly open: number;
  close(): Promise<void>;
};

const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
// ReadyForQuery; node-postgres does not look at the transaction status byte.
const READY_IN_TRANSACTION_ERROR = Buffer.from([0x5a, 0, 0, 0, 5, 0x45]);

/** A PostgreSQL ErrorResponse message (protocol 3.0). */
function errorResponse(code: string, message: string, detail: string): Buffer {
  const fields = Buffer.concat(
    [["S", "ERROR"], ["V", "ERROR"], ["C", code], ["M", message], ["D", detail]].map(([k, v]) => Buffer.from(`${k}${v}\0`, "utf8")),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export async function startPgProxy(target: { host: string; port: number } = { host: "127.0.0.1", port: 5432 }): Promise<PgProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const held = new Set<Socket>();
  const traps: { text: string; times: number; answer: "drop" | "error" }[] = [];
  let mode: CutMode | null = null;
  let server: Server | null = null;
  let port = 0;

  const onConnection = (client: Socket) => {
    if (mode === "reset") return void client.destroy();
    if (mode === "hang") {
      held.add(client);
      client.on("error", () => {});
      client.on("close", () => held.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    let tail = "";
    let swallowing = false;
    let failingRow = "";
    const swallowUntilSync = (chunk: Buffer) => {
      swallowing = true;
      // Sync is 'S' with length 4, the last message of an extended-protocol query.
      if (chunk.length >= 5 && chunk.subarray(-5).equals(SYNC)) {
        swallowing = false;
        client.write(Buffer.concat([errorResponse("23514", 'new row violates check constraint "proxy_check"', `Failing row contains (${failingRow}).`), READY_IN_TRANSACTION_ERROR]));
      }
    };
    client.on("data", (chunk: Buffer) => {
      // The statement's text travels in the client's Parse message: a trap drops the connection
      // before the statement reaches the server, as a network failure mid-request would.
      if (swallowing) return swallowUntilSync(chunk);
      const seen = tail + chunk.toString("latin1");
      const trap = traps.find((t) => t.times > 0 && seen.includes(t.text));
      if (trap) {
        trap.times--;
        if (trap.answer === "drop") return end();
        // The server never sees this statement; the client gets the error once its Sync arrives.
        failingRow = seen.replace(/[^\x20-\x7e]+/g, " ").trim();
        return swallowUntilSync(chunk);
      }
      tail = seen.slice(-256);
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once("drain", () => client.resume());
      }
    });
    upstream.pipe(client);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(onConnection);
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });
  const dropAll = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
    for (const s of held) s.destroy();
    held.clear();
  };

  await listen();

  return {
    get port() {
      return port;
    },
    urlFor(url: string) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async cut(m: CutMode = "refuse") {
      mode = m;
      if (m === "refuse") await Promise.all([unlisten(), Promise.resolve(dropAll())]);
      else dropAll();
    },
    failStatement(text: string, times = 1) {
      traps.push({ text, times, answer: "drop" });
    },
    refuseStatement(text: string, times = 1) {
      traps.push({ text, times, answer: "error" });
    },
    async restore() {
      mode = null;
      for (const s of held) s.destroy();
      held.clear();
      if (!server) await listen();
    },
    get open() {
      return pairs.size;
    },
    async close() {
      mode = "reset";
      dropAll();
      await unlisten();
    },
  };
}
