import { createHmac } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiToken, baseUrl, sendSigned } from "./app";

/**
 * Response bodies: checked field by field by the specs' assertions, which are the contract; a
 * static type here would only repeat them (Playwright's own `response.json()` is `any` too).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The error code the contract (docs/api.md) gives each status. */
export const ERROR_CODES_BY_STATUS: Record<number, string[]> = {
  400: ["validation"],
  401: ["unauthorized"],
  403: ["forbidden"],
  404: ["not_found"],
  409: ["conflict"],
  410: ["gone"],
  422: ["credentials_rejected", "unprocessable"],
  429: ["rate_limited"],
};

export const RUN = Date.now().toString();
let seq = 0;
/** Names and emails unique across runs and specs: the database is shared. */
export const uniq = (p: string) => `${p}-${RUN}-${++seq}`;
export const NO_ID = "00000000-0000-4000-8000-000000000000";
export const ids = (rows: Json[]) => rows.map((r) => r.id as string);
export const sorted = (xs: string[]) => [...xs].sort();

export type User = { id: string; name: string; email: string; password: string; api: Api };
export type Inbox = Json & { id: string; webhookUrl: string; hmacToken: string; webhookSecret: string; inboxIdentifier: string };

/** A REST v1 caller: one bearer token (or none) against one app instance. */
export class Api {
  constructor(
    readonly request: APIRequestContext,
    readonly token?: string,
    readonly base = baseUrl(),
  ) {}

  call(method: Method, path: string, data?: unknown): Promise<APIResponse> {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    // A string is a raw body (e.g. broken JSON): Playwright would otherwise re-encode it as a JSON string.
    if (typeof data === "string") {
      headers["content-type"] = "application/json";
      data = Buffer.from(data);
    }
    return this.request.fetch(`${this.base}/api/v1${path}`, { method, headers, data, maxRedirects: 0 });
  }

  /** Calls and expects `status`; returns the JSON body (null for an empty one). */
  async expect(status: number, method: Method, path: string, data?: unknown): Promise<Json> {
    const res = await this.call(method, path, data);
    const text = await res.text();
    expect(res.status(), `${method} ${path} → ${text.slice(0, 400)}`).toBe(status);
    return text ? JSON.parse(text) : null;
  }

  get = (path: string) => this.expect(200, "GET", path);
  post = (path: string, data: unknown, status = 201) => this.expect(status, "POST", path, data);
  put = (path: string, data: unknown) => this.expect(200, "PUT", path, data);
  patch = (path: string, data: unknown) => this.expect(200, "PATCH", path, data);
  del = (path: string) => this.expect(204, "DELETE", path);

  /** Calls and expects the contract's error: `{error:{code,message}}` (plus `fields`/`issues` where noted). */
  async fails(status: number, method: Method, path: string, data?: unknown, code?: string) {
    return expectError(await this.call(method, path, data), status, code, `${method} ${path}`);
  }
}

/** Builds agents, inboxes and conversations through the API as an administrator. */
export class Fixtures {
  constructor(readonly admin: Api) {}

  async agent(): Promise<User> {
    const tag = uniq("agent");
    const input = { name: `Agent ${tag}`, email: `${tag}@api.test`, role: "agent", password: `pw-${tag}` };
    const { id } = await this.admin.post("/agents", input);
    return { ...input, id, api: new Api(this.admin.request, await apiToken(this.admin.request, input.email, input.password)) };
  }

  async inbox(opts: { agents?: User[]; teams?: Json[]; callbackUrl?: string } = {}): Promise<Inbox> {
    const channel = { type: "api", ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}) };
    const inbox = await this.admin.post("/inboxes", { name: `API ${uniq("inbox")}`, channel });
    if (opts.agents) await this.admin.put(`/inboxes/${inbox.id}/agents`, { agentIds: ids(opts.agents) });
    if (opts.teams) await this.admin.put(`/inboxes/${inbox.id}/teams`, { teamIds: ids(opts.teams) });
    return inbox;
  }

  /** `n` conversations through signed webhooks, one contact each (named "<name> <i>"); their ids, oldest first. */
  async ingest(inbox: Inbox, n: number, name = uniq("Contact")): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await sendSigned(this.admin.request, inbox, {
        contact: { sourceId: `${name}-${i}`, name: `${name} ${i}` },
        message: { sourceId: `${name}-m${i}`, content: `Hello ${i}` },
      });
      expect(res.status(), await res.text()).toBe(201);
      out.push((await res.json()).conversationId);
    }
    return out;
  }
}

export const listConversations = (api: Api, query: Record<string, string | number> = {}) =>
  api.get(`/conversations?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);

export async function expectError(res: APIResponse, status: number, code?: string, what = res.url()) {
  const text = await res.text();
  expect(res.status(), `${what} → ${text.slice(0, 400)}`).toBe(status);
  const body = JSON.parse(text);
  expect(Object.keys(body), `${what}: error body`).toEqual(["error"]);
  if (code) expect(body.error.code, what).toBe(code);
  else expect(ERROR_CODES_BY_STATUS[status], `${what}: code ${body.error.code} for ${status}`).toContain(body.error.code);
  expect(typeof body.error.message, what).toBe("string");
  expect(body.error.message.length, what).toBeGreaterThan(0);
  return body.error as { code: string; message: string; fields?: Record<string, string[]>; issues?: unknown[] };
}

/** Posts a raw body to an api-channel webhook, signed with `secret` at `timestamp` (defaults: the inbox's token, now). */
export function postSigned(
  request: APIRequestContext,
  url: string,
  raw: string,
  opts: { secret: string; timestamp?: number; signature?: string },
) {
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const sig = opts.signature ?? "sha256=" + createHmac("sha256", opts.secret).update(`${ts}.${raw}`).digest("hex");
  return request.post(url, {
    data: Buffer.from(raw), // as bytes: the signature covers exactly these
    headers: { "content-type": "application/json", "x-konversio-timestamp": ts, "x-konversio-signature": sig },
  });
}

/** Reads `GET /api/v1/events` in the background: `text()` is what arrived so far, `closed()` whether the server ended it. */
export async function openStream(token: string | undefined, base = baseUrl()) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: ac.signal });
  let text = "";
  let ended = false;
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      ended = true;
    })().catch(() => {});
  }
  return { res, text: () => text, closed: () => ended, close: () => ac.abort() };
}

export const sseEvents = (text: string) =>
  [...text.matchAll(/^event: (.+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1]!, data: JSON.parse(m[2]!) as Json }));

/** Every REST v1 operation of docs/api.md (plus the documented resend and read actions). */
export const ENDPOINTS: [Method, string][] = [
  ["POST", "/auth/token"],
  ["GET", "/profile"],
  ["GET", "/agents"],
  ["POST", "/agents"],
  ["PATCH", "/agents/{id}"],
  ["DELETE", "/agents/{id}"],
  ["GET", "/teams"],
  ["POST", "/teams"],
  ["GET", "/teams/{id}"],
  ["PATCH", "/teams/{id}"],
  ["DELETE", "/teams/{id}"],
  ["GET", "/teams/{id}/members"],
  ["PUT", "/teams/{id}/members"],
  ["GET", "/inboxes"],
  ["POST", "/inboxes"],
  ["GET", "/inboxes/{id}"],
  ["PATCH", "/inboxes/{id}"],
  ["DELETE", "/inboxes/{id}"],
  ["GET", "/inboxes/{id}/agents"],
  ["PUT", "/inboxes/{id}/agents"],
  ["GET", "/inboxes/{id}/teams"],
  ["PUT", "/inboxes/{id}/teams"],
  ["GET", "/conversations"],
  ["POST", "/conversations"],
  ["GET", "/conversations/{id}"],
  ["PATCH", "/conversations/{id}"],
  ["GET", "/conversations/{id}/messages"],
  ["POST", "/conversations/{id}/messages"],
  ["POST", "/conversations/{id}/messages/{messageId}/resend"],
  ["GET", "/conversations/{id}/email"],
  ["GET", "/conversations/{id}/messages/{messageId}/html"],
  ["POST", "/conversations/{id}/read"],
  ["GET", "/conversations/{id}/assignable"],
  ["GET", "/conversations/{id}/contact-conversations"],
  ["GET", "/events"],
  ["PATCH", "/profile"],
  ["GET", "/inboxes/{id}/queue"],
  ["GET", "/inboxes/{id}/automation-rules"],
  ["GET", "/automation-rules"],
  ["POST", "/automation-rules"],
  ["POST", "/automation-rules/test"],
  ["POST", "/automation-rules/reorder"],
  ["GET", "/automation-rules/{id}"],
  ["PATCH", "/automation-rules/{id}"],
  ["DELETE", "/automation-rules/{id}"],
  ["GET", "/automation-rules/{id}/runs"],
];
