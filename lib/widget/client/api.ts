import type { Attachment, User, WidgetMessage } from "./types";

/*
 * docs/widget-protocol.md from the chat page's side. Same origin as the API, so no CORS; the
 * visitor token travels in X-Konversio-Visitor only — never in a URL, where logs would keep it.
 */

export type ApiError = { status: number; code?: string; message?: string; fields?: Record<string, string[]>; retryAfter?: number };
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type SessionData = { visitorToken: string; visitor: { name: string | null; email: string | null; verified: boolean }; hasConversation: boolean };

/** Thrown only for network failures; HTTP errors come back as `{ok: false}`. */
export class Offline extends Error {}

export function createApi(websiteToken: string) {
  const url = (path: string, query = "") => `/api/widget/${path}?token=${encodeURIComponent(websiteToken)}${query}`;

  async function call<T>(path: string, init: { method?: string; visitor?: string | null; body?: unknown }): Promise<Result<T>> {
    const headers: Record<string, string> = {};
    if (init.visitor) headers["X-Konversio-Visitor"] = init.visitor;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(url(path), {
        method: init.method ?? "GET",
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: "no-store",
      });
    } catch {
      throw new Offline();
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      /* empty or not JSON: the status says enough */
    }
    if (res.ok) return { ok: true, data: body as T };
    const e = ((body as { error?: Omit<ApiError, "status"> } | null)?.error ?? {}) as Omit<ApiError, "status">;
    return { ok: false, error: { ...e, status: res.status, retryAfter: Number(res.headers.get("retry-after")) || undefined } };
  }

  return {
    session: (body: { visitorToken?: string | null; host?: string | null; user?: User | null }) =>
      call<SessionData>("session", { method: "POST", body }),
    history: (visitor: string) => call<{ data: WidgetMessage[] }>("messages", { visitor }),
    send: (visitor: string, body: { content: string; clientId: string; attachmentIds: string[] }) =>
      call<WidgetMessage>("messages", { method: "POST", visitor, body }),
    contact: (visitor: string, body: { name: string | null; email: string }) =>
      call<Omit<SessionData, "hasConversation">>("contact", { method: "POST", visitor, body }),
    /** A ~60 s ticket for opening the stream: EventSource cannot send headers, so a ticket goes in the query. */
    ticket: (visitor: string) => call<{ ticket: string; expiresIn: number }>("stream-ticket", { method: "POST", visitor }),
    events: (ticket: string) => new EventSource(url("events", `&ticket=${encodeURIComponent(ticket)}`)),

    /** One file, with upload progress (fetch cannot report it; XHR can). */
    upload(visitor: string, file: File, onProgress: (p: number) => void): Promise<Result<Attachment & { id: string }>> {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url("attachments"));
        xhr.setRequestHeader("X-Konversio-Visitor", visitor);
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
        xhr.onload = () => {
          let body: unknown = null;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            /* not JSON */
          }
          if (xhr.status === 201) resolve({ ok: true, data: body as Attachment & { id: string } });
          else
            resolve({
              ok: false,
              error: {
                ...((body as { error?: Omit<ApiError, "status"> } | null)?.error ?? {}),
                status: xhr.status,
                retryAfter: Number(xhr.getResponseHeader("retry-after")) || undefined,
              },
            });
        };
        xhr.onerror = () => reject(new Offline());
        const form = new FormData();
        form.append("file", file);
        xhr.send(form);
      });
    },
  };
}

export type Api = ReturnType<typeof createApi>;
