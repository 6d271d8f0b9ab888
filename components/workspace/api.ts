import type { ListFilters } from "./filters";
import type { AssignmentOptions, Attachment, ConversationDetail, ConversationPage, EmailThread, Message, OtherConversation, WorkspaceLabel } from "./types";

/** An error answer of the REST API, with its status and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Validation errors by field ("to", "cc.0", …), when the server named them. */
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

/** The session is over: a full page load of the login page, which also drops every cached answer. */
export function toLogin(next?: string) {
  window.location.assign(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
}

export async function api<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "network", "Can't reach Konversio. Check your connection and try again.");
  }
  if (res.status === 401 && typeof window !== "undefined") toLogin(window.location.pathname + window.location.search);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; fields?: Record<string, string[]> } } | null;
    throw new ApiError(res.status, body?.error?.code ?? "error", body?.error?.message ?? `Request failed (${res.status})`, body?.error?.fields);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const qk = {
  lists: ["conversations", "list"] as const,
  list: (f: ListFilters) => ["conversations", "list", f] as const,
  conversation: (n: number) => ["conversation", n] as const,
  detail: (n: number) => ["conversation", n, "detail"] as const,
  messages: (n: number) => ["conversation", n, "messages"] as const,
  options: (n: number) => ["conversation", n, "options"] as const,
  others: (n: number) => ["conversation", n, "others"] as const,
  /** Email headers and reply recipients; `at` is the thread's last message id, so a new message refetches. */
  email: (n: number | undefined) => ["conversation", n, "email"] as const,
  emailAt: (n: number | undefined, at: string) => ["conversation", n, "email", at] as const,
  /** Every open thread's queries (detail, messages, options, others, email). */
  threads: ["conversation"] as const,
  /** The workspace's labels with the caller's counts (sidebar, picker). */
  labels: ["labels"] as const,
  /** What the Unassigned view says about the auto-assignment queue (GET /queue). */
  queue: ["queue"] as const,
  queueOf: (inboxId: string | undefined) => ["queue", inboxId ?? "all"] as const,
  /** Everyone's presence, for the dots beside names (GET /presence). */
  presence: ["presence"] as const,
};

export const PAGE_SIZE = 30;

export function fetchConversationPage(f: ListFilters, cursor: string | null, signal?: AbortSignal) {
  const p = new URLSearchParams({ status: f.status, assignee: f.view === "mine" ? "me" : f.view, limit: String(PAGE_SIZE) });
  if (f.inbox) p.set("inboxId", f.inbox);
  if (f.team) p.set("teamId", f.team);
  if (f.label) p.set("labelId", f.label);
  if (f.deleted) p.set("inboxStatus", "deleted");
  if (f.q) p.set("q", f.q);
  if (cursor) p.set("cursor", cursor);
  return api<ConversationPage>(`/api/v1/conversations?${p}`, { signal });
}

export const fetchConversation = (n: number, signal?: AbortSignal) => api<ConversationDetail>(`/api/v1/conversations/${n}`, { signal });

export const fetchMessages = (n: number, signal?: AbortSignal) =>
  api<{ data: Message[] }>(`/api/v1/conversations/${n}/messages`, { signal }).then((r) => r.data);

export const fetchAssignmentOptions = (n: number, signal?: AbortSignal) => api<AssignmentOptions>(`/api/v1/conversations/${n}/assignable`, { signal });

export const fetchContactConversations = (n: number, signal?: AbortSignal) =>
  api<{ data: OtherConversation[] }>(`/api/v1/conversations/${n}/contact-conversations`, { signal }).then((r) => r.data);

export const fetchEmailThread = (n: number, signal?: AbortSignal) => api<EmailThread>(`/api/v1/conversations/${n}/email`, { signal });

/** Clears the unread marker of the conversation for the signed-in user. */
export const markConversationRead = (n: number) => api<void>(`/api/v1/conversations/${n}/read`, { method: "POST" });

export type ConversationPatch = {
  status?: ConversationDetail["status"];
  snoozedUntil?: string;
  assigneeId?: string | null;
  teamId?: string | null;
};

export const patchConversation = (n: number, patch: ConversationPatch) =>
  api<ConversationDetail>(`/api/v1/conversations/${n}`, { method: "PATCH", json: patch });

export const fetchLabels = (signal?: AbortSignal) => api<{ data: WorkspaceLabel[] }>("/api/v1/labels", { signal }).then((r) => r.data);

/** Replaces the conversation's labels; answers the conversation as it now is. */
export const putConversationLabels = (n: number, labelIds: string[]) =>
  api<ConversationDetail>(`/api/v1/conversations/${n}/labels`, { method: "PUT", json: { labelIds } });

export const postMessage = (n: number, body: { content: string; private: boolean; attachmentIds?: string[]; cc?: string[] }) =>
  api<Message>(`/api/v1/conversations/${n}/messages`, { method: "POST", json: body });

export type NewEmail = { inboxId: string; to: string; name?: string; subject: string; content: string; cc: string[] };
export const startConversation = (body: NewEmail) => api<ConversationDetail>("/api/v1/conversations", { method: "POST", json: body });

export const resendMessage = (n: number, messageId: string) =>
  api<Message>(`/api/v1/conversations/${n}/messages/${messageId}/resend`, { method: "POST" });

export type UploadedFile = Attachment & { id: string };

export const uploadAttachment = (n: number, file: File, signal?: AbortSignal) => {
  const form = new FormData();
  form.set("file", file);
  return api<UploadedFile>(`/api/v1/conversations/${n}/attachments`, { method: "POST", body: form, signal });
};
