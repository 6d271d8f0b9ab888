/* The widget's side of its protocol, through the real route handlers: requests as the widget sends them. */
import { randomUUID } from "node:crypto";
import type { TestWebsiteInbox } from "./channels/website";
import { GET as configGet, OPTIONS as configOptions } from "@/app/api/widget/config/route";
import { GET as eventsGet } from "@/app/api/widget/events/route";
import { GET as messagesGet, POST as messagesPost } from "@/app/api/widget/messages/route";
import { POST as sessionPost } from "@/app/api/widget/session/route";
import { POST as attachmentsPost } from "@/app/api/widget/attachments/route";
import { POST as contactPost } from "@/app/api/widget/contact/route";
import { POST as streamTicketPost } from "@/app/api/widget/stream-ticket/route";
import { getDb } from "@/db/client";
import { serveAttachment } from "@/lib/attachments/access";
import { TEST_APP_URL } from "./db";
import { identifierHashFor } from "@/lib/widget/session";
import { readSseFrames } from "./sse";

type ReqOpts = {
  token?: string | null;
  visitor?: string;
  body?: unknown;
  origin?: string;
  query?: Record<string, string>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
};

export function widgetRequest(method: string, path: string, o: ReqOpts = {}) {
  const url = new URL(`/api/widget/${path}`, TEST_APP_URL);
  if (o.token !== null && o.token !== undefined) url.searchParams.set("token", o.token);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(o.headers);
  if (o.visitor) headers.set("x-konversio-visitor", o.visitor);
  if (o.origin) headers.set("origin", o.origin);
  let body: string | undefined;
  if (o.body !== undefined) {
    headers.set("content-type", "application/json");
    body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
  }
  return new Request(url, { method, headers, body, signal: o.signal });
}

export async function json(res: Response) {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** The widget's side of the protocol, through the real route handlers. */
export const widget = {
  config: (token: string | null, o: ReqOpts = {}) => configGet(widgetRequest("GET", "config", { ...o, token })),
  preflight: (token: string, o: ReqOpts = {}) => configOptions(widgetRequest("OPTIONS", "config", { ...o, token })),
  session: (token: string, body: unknown = {}, o: ReqOpts = {}) => sessionPost(widgetRequest("POST", "session", { ...o, token, body })),
  list: (token: string, visitor: string | undefined, o: ReqOpts = {}) => messagesGet(widgetRequest("GET", "messages", { ...o, token, visitor })),
  send: (token: string, visitor: string | undefined, body: unknown, o: ReqOpts = {}) =>
    messagesPost(widgetRequest("POST", "messages", { ...o, token, visitor, body })),
  contact: (token: string, visitor: string | undefined, body: unknown, o: ReqOpts = {}) =>
    contactPost(widgetRequest("POST", "contact", { ...o, token, visitor, body })),
  upload: (token: string, visitor: string | undefined, file: { name: string; bytes: Uint8Array; type?: string }) => {
    const url = new URL("/api/widget/attachments", TEST_APP_URL);
    url.searchParams.set("token", token);
    const form = new FormData();
    form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }));
    const headers = new Headers();
    if (visitor) headers.set("x-konversio-visitor", visitor);
    return attachmentsPost(new Request(url, { method: "POST", headers, body: form }));
  },
  /** GET /api/attachments/:id (a path as a payload carries it, query included), with no session. */
  download: (path: string, headers: Record<string, string> = {}) => {
    const url = new URL(path, TEST_APP_URL);
    const id = url.pathname.split("/").pop()!;
    // The route's logic without its session lookup (no cookies in these tests).
    return serveAttachment(getDb(), new Request(url, { headers }), id, async () => null);
  },
  /** POST /api/widget/stream-ticket. */
  ticket: (token: string, visitor: string | undefined, o: ReqOpts = {}) =>
    streamTicketPost(widgetRequest("POST", "stream-ticket", { ...o, token, visitor })),
  /** GET /api/widget/events with exactly this query (`ticket`, …) and options. */
  stream: async (token: string, query: Record<string, string>, signal: AbortSignal, o: ReqOpts = {}) => {
    const req = widgetRequest("GET", "events", { ...o, token, query, signal });
    // undici's Request follows `signal` through a WeakRef to its own controller: once the Request
    // is garbage-collected, aborting no longer reaches req.signal. Keep it alive with the response.
    return Object.assign(await eventsGet(req), { request: req });
  },
  /** What the chat does: a stream ticket, then the stream; a refused ticket request is returned as is. */
  events: async (token: string, visitor: string, signal: AbortSignal) => {
    const res = await widget.ticket(token, visitor);
    if (res.status !== 200) return res;
    return widget.stream(token, { ticket: (await json(res)).ticket }, signal);
  },
};

/** A new anonymous visitor's token. */
export async function anonymous(token: string): Promise<string> {
  const res = await widget.session(token);
  if (res.status !== 200) throw new Error(`session failed: ${res.status} ${await res.text()}`);
  return (await json(res)).visitorToken;
}

/** A verified visitor's token (valid identifierHash). */
export async function verified(inbox: TestWebsiteInbox, identifier: string, extra: { name?: string; email?: string } = {}) {
  const res = await widget.session(inbox.websiteToken, {
    user: { identifier, ...extra, identifierHash: identifierHashFor(inbox.hmacToken, identifier) },
  });
  if (res.status !== 200) throw new Error(`session failed: ${res.status} ${await res.text()}`);
  return (await json(res)).visitorToken as string;
}

export const message = (content: string, clientId: string = randomUUID()) => ({ content, clientId });

/** Reads an SSE response into frames so tests can wait for one. */
export const readFrames = (res: Response) => readSseFrames(res.body!);
