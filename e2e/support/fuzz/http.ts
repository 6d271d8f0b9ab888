import http from "node:http";

/*
 * A raw HTTP client for the fuzz spec. fetch and Playwright both normalise what they send (dot
 * segments, percent-encoding, re-encoded JSON); node:http sends the path and the bytes as given,
 * and lets a Server-Sent Events answer be cut after its headers.
 */

export type RawRequest = {
  method: string;
  /** Sent as is: already percent-encoded where it must be. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  chunked?: boolean;
};

/**
 * Sends `req` on a connection of its own, then `probe` on the same kept-alive connection: an
 * answer that leaves the connection unusable (a body not drained) hangs every request a proxy
 * or client sends after it on that connection.
 */
export async function sendThenProbe(base: string, req: RawRequest, probe: RawRequest): Promise<Answer> {
  const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await send(base, req, 20_000, own);
    if (!first.status) return first;
    const second = await send(base, probe, 5_000, own);
    return second.status ? first : { ...first, error: `the kept-alive connection hangs after this answer (next request: ${second.error})` };
  } finally {
    own.destroy();
  }
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number; error?: string };

const MAX_READ = 2 * 1024 * 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function send(base: string, req: RawRequest, timeoutMs = 20_000, via = agent): Promise<Answer> {
  const url = new URL(base);
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<Answer, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: Date.now() - started });
    };
    const headers: Record<string, string> = { ...req.headers };
    if (req.body && !req.chunked) headers["content-length"] = String(req.body.length);
    const r = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: via }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      if (String(res.headers["content-type"] ?? "").startsWith("text/event-stream")) {
        res.destroy(); // a live stream never ends; its status and headers are the answer
        return done({ status: res.statusCode ?? 0, headers: res.headers, body: "" });
      }
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= MAX_READ) chunks.push(c);
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (e) => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), error: e.message }));
    });
    r.setTimeout(timeoutMs, () => {
      r.destroy();
      done({ status: 0, headers: {}, body: "", error: `no answer within ${timeoutMs} ms` });
    });
    r.on("error", (e) => done({ status: 0, headers: {}, body: "", error: `${(e as NodeJS.ErrnoException).code ?? ""} ${e.message}` }));
    if (req.body && req.chunked) {
      for (let i = 0; i < req.body.length; i += 64 * 1024) r.write(req.body.subarray(i, i + 64 * 1024));
      r.end();
    } else {
      r.end(req.body);
    }
  });
}

export const closeClient = () => agent.destroy();
