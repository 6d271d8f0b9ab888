import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * The common part of the fake provider servers (Telegram, Meta Graph, Twilio, LINE, Bandwidth).
 * Each fake answers in its provider's real formats; this base records every request and lets a
 * test script failures — in-process (vitest) or over HTTP (Playwright, whose fakes run in the
 * runner process):
 *   GET  /__fake/requests            → recorded requests (JSON)
 *   POST /__fake/fail  {match?, times?, status, body?, headers?}  → the next matching calls fail
 *   POST /__fake/delay {match?, times?, ms} → the next matching calls are answered only after `ms`
 *   POST /__fake/state {…}           → merged into the fake's state (valid tokens, profiles, …)
 *   POST /__fake/reset               → forget requests and scripted failures
 */

export type RecordedRequest = {
  method: string;
  /** Path without the query string, e.g. /bot123:abc/sendMessage */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Raw body as text (binary uploads as latin1). */
  body: string;
  /** Parsed JSON body, when it was JSON. */
  json?: unknown;
  /** Parsed form fields, when it was application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Multipart field names → text value or file summary, when it was multipart/form-data. */
  multipart?: Record<string, string | { filename: string; contentType: string; size: number }>;
};

export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string> };

export type ScriptedFailure = FakeReply & {
  /** Substring of `METHOD path` the failure applies to, e.g. "sendMessage" or "POST /v25.0/123/messages". */
  match?: string;
  /** How many matching calls fail (default 1). */
  times?: number;
};

/** A slow provider: matching calls are recorded at once and answered (normally) after `ms`. */
export type ScriptedDelay = { match?: string; times?: number; ms: number };

export type Handler<State extends object> = (req: RecordedRequest, fake: FakeProvider<State>) => FakeReply | Promise<FakeReply>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseMultipart(body: Buffer, contentType: string): RecordedRequest["multipart"] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const out: NonNullable<RecordedRequest["multipart"]> = {};
  const parts = body.toString("latin1").split(`--${boundary}`);
  for (const part of parts) {
    const sep = part.indexOf("\r\n\r\n");
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const content = part.slice(sep + 4).replace(/\r\n$/, "");
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) continue;
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? "application/octet-stream";
      out[name] = { filename, contentType: type, size: Buffer.byteLength(content, "latin1") };
    } else {
      out[name] = Buffer.from(content, "latin1").toString("utf8");
    }
  }
  return out;
}

export class FakeProvider<State extends object = Record<string, unknown>> {
  readonly requests: RecordedRequest[] = [];
  private failures: ScriptedFailure[] = [];
  private delays: ScriptedDelay[] = [];
  private server: Server | null = null;
  url = "";

  constructor(
    readonly name: string,
    public state: State,
    private readonly handler: Handler<State>,
  ) {}

  /** Queues failures for the next matching calls. */
  fail(f: ScriptedFailure) {
    this.failures.push({ times: 1, ...f });
  }

  /** Makes the next matching calls slow (e.g. to stop the app while a send is in flight). */
  delay(d: ScriptedDelay) {
    this.delays.push({ times: 1, ...d });
  }

  reset() {
    this.requests.length = 0;
    this.failures = [];
    this.delays = [];
  }

  /** Requests whose `METHOD path` contains `match` (all when omitted). */
  calls(match?: string): RecordedRequest[] {
    return match ? this.requests.filter((r) => `${r.method} ${r.path}`.includes(match)) : [...this.requests];
  }

  async start(port = 0): Promise<string> {
    // Every failure is answered inside (500), so the promise never rejects.
    this.server = createServer((req, res) => void (async () => {
      const reply = (r: FakeReply) => {
        const isJson = r.body !== undefined && (typeof r.body !== "string" && !Buffer.isBuffer(r.body));
        const headers = { ...(isJson ? { "content-type": "application/json" } : {}), ...r.headers };
        res.writeHead(r.status, headers);
        res.end(r.body === undefined ? undefined : isJson ? JSON.stringify(r.body) : (r.body as string | Buffer));
      };
      try {
        const raw = await readBody(req);
        const u = new URL(req.url ?? "/", "http://fake");
        if (u.pathname.startsWith("/__fake/")) return reply(this.control(req.method ?? "GET", u.pathname, raw));
        const contentType = String(req.headers["content-type"] ?? "");
        const recorded: RecordedRequest = {
          method: req.method ?? "GET",
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
          body: raw.toString(contentType.includes("multipart/") ? "latin1" : "utf8"),
        };
        if (contentType.includes("json")) {
          try {
            recorded.json = JSON.parse(raw.toString("utf8"));
          } catch {
            /* recorded as text only */
          }
        } else if (contentType.includes("x-www-form-urlencoded")) {
          recorded.form = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
        } else if (contentType.includes("multipart/form-data")) {
          recorded.multipart = parseMultipart(raw, contentType);
        }
        this.requests.push(recorded);
        const key = `${recorded.method} ${recorded.path}`;
        const delay = this.delays.find((d) => !d.match || key.includes(d.match));
        if (delay) {
          delay.times = (delay.times ?? 1) - 1;
          if (delay.times <= 0) this.delays.splice(this.delays.indexOf(delay), 1);
          await new Promise((r) => setTimeout(r, delay.ms));
          if (req.socket.destroyed) return; // the caller went away meanwhile (e.g. the app was killed)
        }
        const failure = this.failures.find((f) => !f.match || key.includes(f.match));
        if (failure) {
          failure.times = (failure.times ?? 1) - 1;
          if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
          return reply(failure);
        }
        reply(await this.handler(recorded, this));
      } catch (e) {
        reply({ status: 500, body: { fakeError: String(e) } });
      }
    })());
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
  }

  private control(method: string, path: string, raw: Buffer): FakeReply {
    const body = raw.length ? JSON.parse(raw.toString("utf8")) : {};
    if (method === "GET" && path === "/__fake/requests") return { status: 200, body: this.requests };
    if (method === "POST" && path === "/__fake/fail") {
      this.fail(body as ScriptedFailure);
      return { status: 200, body: { ok: true } };
    }
    if (method === "POST" && path === "/__fake/delay") {
      this.delay(body as ScriptedDelay);
      return { status: 200, body: { ok: true } };
    }
    if (method === "POST" && path === "/__fake/state") {
      Object.assign(this.state, body);
      return { status: 200, body: { ok: true } };
    }
    if (method === "POST" && path === "/__fake/reset") {
      this.reset();
      return { status: 200, body: { ok: true } };
    }
    return { status: 404, body: { error: "unknown fake control" } };
  }
}

/** For Playwright specs: drive a fake started by the global setup through its control API. */
export const fakeControl = (baseUrl: string) => ({
  requests: async (): Promise<RecordedRequest[]> => (await fetch(`${baseUrl}/__fake/requests`)).json(),
  fail: (f: ScriptedFailure) => fetch(`${baseUrl}/__fake/fail`, { method: "POST", body: JSON.stringify(f) }),
  delay: (d: ScriptedDelay) => fetch(`${baseUrl}/__fake/delay`, { method: "POST", body: JSON.stringify(d) }),
  state: (s: object) => fetch(`${baseUrl}/__fake/state`, { method: "POST", body: JSON.stringify(s) }),
  reset: () => fetch(`${baseUrl}/__fake/reset`, { method: "POST" }),
});
