"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import {
  attachButtonClass,
  AttachmentList,
  composerClass,
  fileSize,
  MessageBubble,
  PaperclipIcon,
  SendIcon,
} from "@/components/widget/chat-window";

/*
 * The visitor's side of the conversation inside the loader's iframe. Deliberately plain: fetch +
 * EventSource, no query library, no UI kit, inline icons — this is the JavaScript a visitor's
 * phone downloads when they open the chat. Protocol: docs/widget-protocol.md.
 *
 * Talking to the host page (public/widget.js) by postMessage:
 *   iframe → parent  {type:"ready"}                    ("*": carries nothing; asks for init)
 *   parent → iframe  {type:"init", visitorToken, user, open}
 *   iframe → parent  {type:"visitorToken", visitorToken} · {type:"unread", count} · {type:"close"}
 *   parent → iframe  {type:"setUser", user} · {type:"reset"} · {type:"visibility", open}
 * Origin check: the parent's origin is taken from the `init` message's `event.origin` (set by the
 * browser, cannot be forged), accepted only when `event.source` is our parent window and — if the
 * browser sent a referrer — it matches `document.referrer`'s origin. Every later message must come
 * from that window and origin, and everything we post back (the visitor token above all) names
 * that origin as targetOrigin. Opened directly (no parent), the page keeps its visitor token in
 * sessionStorage.
 */

type Sender = { name: string } | null;
type Attachment = { name?: string; url?: string; contentType?: string; size?: number };
type WidgetMessage = {
  id: string;
  kind: "incoming" | "outgoing";
  content: string;
  attachments?: Attachment[];
  createdAt: string;
  sender: Sender;
  status?: string;
  clientId?: string;
};
type Item = WidgetMessage & { local?: "sending" | "failed"; attachmentIds?: string[] };
/** A file picked in the composer: uploading, uploaded (has an id) or refused. */
type PendingFile = { key: string; name: string; size: number; progress: number; id?: string; attachment?: Attachment; error?: string };

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 5;
const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,.pdf,.txt,.csv,.docx,.xlsx,.zip";
const ALLOWED_EXT = /\.(png|jpe?g|gif|webp|pdf|txt|csv|docx|xlsx|zip)$/i;

/** Uploads one file with progress (fetch cannot report upload progress; XHR can). */
function uploadFile(url: string, visitorToken: string, file: File, onProgress: (p: number) => void): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-Konversio-Visitor", visitorToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("network"));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}
type User = { identifier: string; name?: string; email?: string; identifierHash?: string };
type Notice = { kind: "offline" | "rate" | "identity" | "verify" | "gone" | "error"; text: string } | null;
type Phase = "waiting" | "connecting" | "ready" | "failed";

let parentOrigin: string | null = null;
const embedded = () => typeof window !== "undefined" && window.parent !== window;

function toParent(msg: Record<string, unknown>) {
  if (embedded() && parentOrigin) window.parent.postMessage(msg, parentOrigin);
}

function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http installs fall back to a v4 from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
};

const sessionKey = (token: string) => `konversio:${token}`;
function readSession(token: string) {
  try {
    return sessionStorage.getItem(sessionKey(token));
  } catch {
    return null;
  }
}
function writeSession(token: string, value: string | null) {
  try {
    if (value) sessionStorage.setItem(sessionKey(token), value);
    else sessionStorage.removeItem(sessionKey(token));
  } catch {
    /* storage blocked: the token lives for this page only */
  }
}

async function errorOf(res: Response): Promise<{ code?: string; message?: string }> {
  try {
    return ((await res.json()) as { error?: { code?: string; message?: string } }).error ?? {};
  } catch {
    return {};
  }
}

/** Adds or replaces `m` (by id, or the optimistic copy with the same clientId/content). */
function upsert(list: Item[], m: WidgetMessage): Item[] {
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) return list.map((x, j) => (j === i ? { ...m } : x));
  const pending = list.findIndex(
    (x) => x.local && x.kind === m.kind && ((m.clientId && x.clientId === m.clientId) || (!m.clientId && x.content === m.content)),
  );
  if (pending >= 0) return list.map((x, j) => (j === pending ? { ...m } : x));
  return [...list, m];
}

export function CloseButton({ tone = "brand" }: { tone?: "brand" | "muted" }) {
  const [show, setShow] = useState(false);
  useEffect(() => setShow(embedded()), []);
  if (!show) return null;
  return (
    <button
      type="button"
      aria-label="Close chat"
      onClick={() => toParent({ type: "close" })}
      className={
        tone === "brand"
          ? "-mt-1 -mr-2 inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-full text-[var(--kw-brand-fg)] hover:bg-black/10 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-current"
          : "mt-4 cursor-pointer rounded-md border border-border px-3 py-1.5 text-base hover:bg-hover focus-visible:outline-2 focus-visible:outline-ring"
      }
    >
      {tone === "brand" ? (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
          <path d="M6 9l6 6 6-6" />
        </svg>
      ) : (
        "Close"
      )}
    </button>
  );
}

export function WidgetChat({ token, name, requireIdentity }: { token: string; name: string; requireIdentity: boolean }) {
  const [phase, setPhase] = useState<Phase>("waiting");
  const [visitor, setVisitor] = useState<{ token: string; verified: boolean } | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [draft, setDraft] = useState("");
  const [files, setFiles] = useState<PendingFile[]>([]);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const [announce, setAnnounce] = useState("");

  const visitorRef = useRef<string | null>(null);
  const visibleRef = useRef(true);
  const unreadRef = useRef(0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const listRef = useRef<HTMLOListElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const stickRef = useRef(true);
  const knownRef = useRef(new Set<string>());
  const userRef = useRef<User | null>(null);
  const sessionRef = useRef<((o: { visitorToken?: string | null; user?: User | null }) => Promise<unknown>) | null>(null);

  const api = useCallback((path: string) => `/api/widget/${path}?token=${encodeURIComponent(token)}`, [token]);

  const setUnread = useCallback((n: number) => {
    unreadRef.current = n;
    toParent({ type: "unread", count: n });
  }, []);

  const loadHistory = useCallback(
    async (vt: string) => {
      try {
        const res = await fetch(api("messages"), { headers: { "X-Konversio-Visitor": vt }, cache: "no-store" });
        if (res.status === 404 && visitorRef.current === vt) {
          // The token no longer proves this visitor (e.g. the HMAC token was regenerated): start over.
          void sessionRef.current?.({ visitorToken: null, user: userRef.current });
          return;
        }
        if (!res.ok) return;
        const { data } = (await res.json()) as { data: WidgetMessage[] };
        if (visitorRef.current !== vt) return;
        for (const m of data) knownRef.current.add(m.id);
        // Keep optimistic messages the server has not confirmed yet (matched by clientId, else content).
        setItems((prev) => [
          ...data,
          ...prev.filter(
            (x) => x.local && !data.some((m) => m.kind === "incoming" && (m.clientId ? m.clientId === x.clientId : m.content === x.content)),
          ),
        ]);
        setLoaded(true);
      } catch {
        /* offline: the stream's reconnect loads it again */
      }
    },
    [api],
  );

  /** POST /session, then hand the token to the host page for storage. */
  const session = useCallback(
    (opts: { visitorToken?: string | null; user?: User | null }) => {
      const run = async () => {
        userRef.current = opts.user ?? null;
        setPhase("connecting");
        const post = (body: Record<string, unknown>) =>
          fetch(api("session"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const base = { visitorToken: opts.visitorToken || undefined, host: parentOrigin ?? undefined };
        try {
          let res = await post({ ...base, user: opts.user ?? undefined });
          let verifyFailed = false;
          if (res.status === 401 && opts.user) {
            // A wrong identifierHash: stay a guest (the inbox may still refuse guests) and say so.
            verifyFailed = true;
            res = await post(base);
          }
          if (res.status === 404 || res.status === 410) {
            setNotice({ kind: "gone", text: "This chat is no longer available." });
            setPhase("failed");
            return;
          }
          if (!res.ok) {
            const err = await errorOf(res);
            setNotice({ kind: "error", text: err.message || "The chat could not start. Please try again later." });
            setPhase("failed");
            return;
          }
          const body = (await res.json()) as { visitorToken: string; visitor?: { verified?: boolean } };
          const changed = visitorRef.current !== body.visitorToken;
          visitorRef.current = body.visitorToken;
          if (embedded()) toParent({ type: "visitorToken", visitorToken: body.visitorToken });
          else writeSession(token, body.visitorToken);
          if (changed) {
            knownRef.current.clear();
            setItems([]);
            setLoaded(false);
          }
          setVisitor({ token: body.visitorToken, verified: !!body.visitor?.verified });
          setNotice(
            verifyFailed
              ? { kind: "verify", text: "We couldn't verify your identity, so you are chatting as a guest." }
              : navigator.onLine
                ? null
                : { kind: "offline", text: "You're offline. Messages will send when you reconnect." },
          );
          setPhase("ready");
          await loadHistory(body.visitorToken);
        } catch {
          setNotice({ kind: "offline", text: "Can't reach the chat. Check your connection — we'll keep trying." });
          setPhase("failed");
          setTimeout(() => session(opts), 5000);
        }
      };
      chain.current = chain.current.then(run, run);
      return chain.current;
    },
    [api, loadHistory, token],
  );

  useEffect(() => {
    sessionRef.current = session;
  }, [session]);

  // Wire up: the host page's loader, or (opened directly) sessionStorage.
  useEffect(() => {
    if (!embedded()) {
      void session({ visitorToken: readSession(token) });
      const vis = () => {
        visibleRef.current = document.visibilityState === "visible";
        if (visibleRef.current) unreadRef.current = 0;
      };
      document.addEventListener("visibilitychange", vis);
      return () => document.removeEventListener("visibilitychange", vis);
    }
    let refOrigin: string | null = null;
    try {
      refOrigin = document.referrer ? new URL(document.referrer).origin : null;
    } catch {
      refOrigin = null;
    }
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const d = e.data as { type?: string; visitorToken?: string | null; user?: User | null; open?: boolean };
      if (!d || typeof d !== "object" || typeof d.type !== "string") return;
      if (!parentOrigin) {
        if (d.type !== "init" || (refOrigin && refOrigin !== e.origin)) return;
        parentOrigin = e.origin;
        visibleRef.current = d.open !== false;
        void session({ visitorToken: typeof d.visitorToken === "string" ? d.visitorToken : null, user: d.user ?? null });
        return;
      }
      if (e.origin !== parentOrigin) return;
      if (d.type === "setUser" && d.user) void session({ visitorToken: visitorRef.current, user: d.user });
      else if (d.type === "reset") {
        visitorRef.current = null;
        knownRef.current.clear();
        setItems([]);
        setLoaded(false);
        setUnread(0);
        userRef.current = null;
        void session({ visitorToken: null });
      } else if (d.type === "visibility") {
        visibleRef.current = !!d.open;
        if (d.open) {
          setUnread(0);
          inputRef.current?.focus({ preventScroll: true });
        }
      }
    };
    window.addEventListener("message", onMessage);
    window.parent.postMessage({ type: "ready" }, "*");
    return () => window.removeEventListener("message", onMessage);
  }, [session, setUnread, token]);

  // Live updates: one EventSource per visitor token, with a reconnect that also refetches history.
  useEffect(() => {
    if (!visitor) return;
    const vt = visitor.token;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let dropped = false;
    let stopped = false;

    const onMessage = (e: MessageEvent<string>) => {
      let m: WidgetMessage;
      try {
        m = JSON.parse(e.data) as WidgetMessage;
      } catch {
        return;
      }
      if (!m || typeof m.id !== "string") return;
      const isNew = !knownRef.current.has(m.id);
      knownRef.current.add(m.id);
      setItems((prev) => upsert(prev, m));
      if (isNew && m.kind === "outgoing") {
        setAnnounce(`New message from ${m.sender?.name ?? name}: ${m.content}`);
        if (!visibleRef.current) setUnread(unreadRef.current + 1);
      }
    };
    const connect = () => {
      if (stopped) return;
      es = new EventSource(`${api("events")}&visitor=${encodeURIComponent(vt)}`);
      es.addEventListener("ready", () => {
        attempts = 0;
        if (dropped) void loadHistory(vt); // catch up on what arrived while disconnected
        dropped = false;
      });
      es.addEventListener("resync", () => void loadHistory(vt)); // the server lost events: refetch
      es.addEventListener("message.created", onMessage as EventListener);
      es.addEventListener("message.updated", onMessage as EventListener);
      es.onerror = () => {
        dropped = true;
        if (es?.readyState === EventSource.CLOSED) {
          // The browser gave up (e.g. a non-200 answer): retry ourselves, backing off to 30 s.
          es.close();
          retry = setTimeout(connect, Math.min(30_000, 1000 * 2 ** attempts++));
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      es?.close();
    };
  }, [visitor, api, loadHistory, name, setUnread]);

  // Online/offline banner.
  useEffect(() => {
    const off = () => setNotice({ kind: "offline", text: "You're offline. Messages will send when you reconnect." });
    const on = () => setNotice((n) => (n?.kind === "offline" ? null : n));
    window.addEventListener("offline", off);
    window.addEventListener("online", on);
    return () => {
      window.removeEventListener("offline", off);
      window.removeEventListener("online", on);
    };
  }, []);

  // Escape closes the widget (the loader moves focus back to its launcher).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape" && embedded()) toParent({ type: "close" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Keep the newest message in view while the visitor is at the bottom.
  useEffect(() => {
    const el = listRef.current;
    if (el && stickRef.current) el.scrollTop = el.scrollHeight;
  }, [items]);

  const deliver = useCallback(
    async (item: Item) => {
      const vt = visitorRef.current;
      if (!vt) return;
      setItems((prev) => prev.map((x) => (x.clientId === item.clientId && x.local ? { ...x, local: "sending" } : x)));
      const fail = (n: Notice) => {
        setItems((prev) => prev.map((x) => (x.clientId === item.clientId && x.local ? { ...x, local: "failed" } : x)));
        setNotice(n);
      };
      let res: Response;
      try {
        res = await fetch(api("messages"), {
          method: "POST",
          headers: { "content-type": "application/json", "X-Konversio-Visitor": vt },
          body: JSON.stringify({ content: item.content, clientId: item.clientId, attachmentIds: item.attachmentIds ?? [] }),
        });
      } catch {
        fail({ kind: "offline", text: navigator.onLine ? "Couldn't send — check your connection and try again." : "You're offline. Try again when you're back online." });
        return;
      }
      if (res.ok) {
        const m = (await res.json()) as WidgetMessage;
        knownRef.current.add(m.id);
        setItems((prev) => {
          const rest = prev.filter((x) => !(x.local && x.clientId === item.clientId));
          return upsert(rest, m);
        });
        setNotice((n) => (n && n.kind !== "verify" && n.kind !== "identity" ? null : n));
        return;
      }
      const err = await errorOf(res);
      if (res.status === 429) {
        const wait = Number(res.headers.get("retry-after")) || 60;
        fail({ kind: "rate", text: `You're sending messages too quickly. Please wait ${wait} seconds and try again.` });
      } else if (res.status === 403) {
        fail({ kind: "identity", text: err.message || "Please verify your identity to send messages." });
      } else if (res.status === 410) {
        fail({ kind: "gone", text: "This chat is no longer available." });
      } else if (res.status === 404) {
        fail({ kind: "error", text: "Your chat session expired. Please send your message again." });
        void sessionRef.current?.({ visitorToken: null, user: userRef.current });
      } else {
        fail({ kind: "error", text: err.message || "Your message couldn't be sent. Please try again." });
      }
    },
    [api],
  );

  const blocked = requireIdentity && visitor !== null && !visitor.verified;
  const canSend = phase === "ready" && !blocked;

  const uploading = files.some((f) => !f.id && !f.error);
  const ready = files.filter((f) => f.id);

  async function pickFiles(list: FileList | null) {
    const vt = visitorRef.current;
    if (!list || !vt) return;
    const picked = Array.from(list).slice(0, Math.max(0, MAX_FILES - files.filter((f) => !f.error).length));
    if (picked.length < list.length) setNotice({ kind: "error", text: `You can send up to ${MAX_FILES} files per message.` });
    for (const file of picked) {
      const key = uuid();
      const local = (error: string) => setFiles((prev) => [...prev, { key, name: file.name, size: file.size, progress: 0, error }]);
      if (file.size > MAX_FILE_BYTES) {
        local(`Too large (${fileSize(file.size)}): files can be up to 10 MB`);
        continue;
      }
      if (!ALLOWED_EXT.test(file.name)) {
        local("This kind of file can't be sent: use an image, PDF, TXT, CSV, DOCX, XLSX or ZIP");
        continue;
      }
      setFiles((prev) => [...prev, { key, name: file.name, size: file.size, progress: 0 }]);
      const update = (patch: Partial<PendingFile>) => setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, ...patch } : f)));
      try {
        const res = await uploadFile(api("attachments"), vt, file, (progress) => update({ progress }));
        if (res.status === 201) update({ id: res.body.id, progress: 1, attachment: res.body });
        else if (res.status === 429) update({ error: "Too many uploads — wait a moment and try again" });
        else update({ error: res.body?.error?.message || "Upload failed" });
      } catch {
        update({ error: "Upload failed — check your connection" });
      }
    }
  }

  /** Stored attachment urls need the visitor token (an <img> cannot send headers). */
  const attachmentSrc = useCallback(
    (url: string) => {
      if (/^https?:\/\//.test(url)) return url;
      if (url.startsWith("/api/attachments/") && visitor?.token) return `${url}?visitor=${encodeURIComponent(visitor.token)}`;
      return null;
    },
    [visitor],
  );

  function submit(e?: FormEvent) {
    e?.preventDefault();
    const content = draft.trim();
    if ((!content && ready.length === 0) || uploading || !visitorRef.current || blocked) return;
    const clientId = uuid();
    const item: Item = {
      id: `local:${clientId}`,
      clientId,
      kind: "incoming",
      content,
      createdAt: new Date().toISOString(),
      sender: null,
      local: "sending",
      attachments: ready.map((f) => f.attachment!).filter(Boolean),
      attachmentIds: ready.map((f) => f.id!),
    };
    setFiles([]);
    stickRef.current = true;
    setItems((prev) => [...prev, item]);
    setDraft("");
    if (inputRef.current) inputRef.current.style.height = "";
    void deliver(item);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <>
      <ol
        ref={listRef}
        aria-label="Messages"
        aria-busy={phase !== "ready" || !loaded}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
        className={composerClass.list}
      >
        {items.length === 0 && (
          <li className="m-auto max-w-64 text-center text-base text-fg-muted">
            {phase === "ready" && loaded
              ? `Ask us anything — ${name} will reply right here.`
              : phase === "failed"
                ? "The chat isn't available right now."
                : "Loading the conversation…"}
          </li>
        )}
        {items.map((m, i) => {
          const next = items[i + 1];
          const lastOfRun = !next || next.kind !== m.kind || next.sender?.name !== m.sender?.name;
          const prev = items[i - 1];
          const firstOfRun = !prev || prev.kind !== m.kind || prev.sender?.name !== m.sender?.name;
          const meta =
            m.local === "sending" ? (
              "Sending…"
            ) : m.local === "failed" ? (
              <span className="text-danger-text">
                Not sent ·{" "}
                <button type="button" className="cursor-pointer font-medium underline" onClick={() => void deliver(m)}>
                  Retry
                </button>
              </span>
            ) : lastOfRun ? (
              time(m.createdAt)
            ) : null;
          return (
            <li key={m.clientId ?? m.id} className="contents">
              {(m.content || !m.attachments?.length) && (
                <MessageBubble
                  kind={m.kind}
                  senderName={firstOfRun ? (m.sender?.name ?? name) : null}
                  content={m.content}
                  pending={m.local === "sending"}
                  failed={m.local === "failed"}
                  meta={m.attachments?.length ? null : meta}
                />
              )}
              {m.attachments && m.attachments.length > 0 && (
                <>
                  <AttachmentList attachments={m.attachments} mine={m.kind === "incoming"} src={attachmentSrc} />
                  {meta && <div className={"px-1 text-2xs text-fg-subtle " + (m.kind === "incoming" ? "self-end" : "self-start")}>{meta}</div>}
                </>
              )}
            </li>
          );
        })}
      </ol>
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {announce}
      </div>
      {notice && (
        <p
          role="alert"
          className={
            "shrink-0 border-t px-4 py-2 text-sm " +
            (notice.kind === "offline" || notice.kind === "verify"
              ? "border-warning-border bg-warning-soft text-warning-text"
              : "border-danger/30 bg-danger-soft text-danger-text")
          }
        >
          {notice.text}
        </p>
      )}
      {blocked ? (
        <p className="shrink-0 border-t border-border bg-surface px-4 py-3 text-base text-fg-muted">
          This chat is for signed-in customers. Sign in on the website to send us a message.
        </p>
      ) : (
        <>
        {files.length > 0 && (
          <ul aria-label="Files to send" className="flex shrink-0 flex-wrap gap-1.5 border-t border-border bg-surface px-3 pt-2">
            {files.map((f) => (
              <li
                key={f.key}
                className={
                  "flex max-w-full items-center gap-2 rounded-lg border px-2 py-1 text-xs " +
                  (f.error ? "border-danger/40 bg-danger-soft text-danger-text" : "border-border bg-canvas text-fg")
                }
              >
                <span className="max-w-40 truncate font-medium">{f.name}</span>
                <span className="shrink-0 text-fg-subtle">
                  {f.error ? f.error : f.id ? fileSize(f.size) : `Uploading… ${Math.round(f.progress * 100)}%`}
                </span>
                <button
                  type="button"
                  aria-label={`Remove ${f.name}`}
                  className="cursor-pointer px-1 text-fg-muted hover:text-fg"
                  onClick={() => setFiles((prev) => prev.filter((x) => x.key !== f.key))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submit} className={composerClass.form}>
          <input
            ref={fileInputRef}
            type="file"
            multiple
            accept={ACCEPT}
            className="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="kw-file-input"
            onChange={(e) => {
              void pickFiles(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
          <button
            type="button"
            aria-label="Attach a file"
            title="Attach a file (images, PDF, documents — up to 10 MB)"
            disabled={!canSend}
            onClick={() => fileInputRef.current?.click()}
            className={attachButtonClass}
          >
            <PaperclipIcon />
          </button>
          <label htmlFor="kw-composer" className="sr-only">
            Message
          </label>
          <textarea
            id="kw-composer"
            ref={inputRef}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              const el = e.currentTarget;
              el.style.height = "auto";
              el.style.height = `${Math.max(40, Math.min(el.scrollHeight + 2, 120))}px`;
            }}
            onKeyDown={onKeyDown}
            rows={1}
            maxLength={5000}
            placeholder="Write a message…"
            aria-describedby="kw-composer-hint"
            className={composerClass.input}
          />
          <span id="kw-composer-hint" className="sr-only">
            Enter sends, Shift+Enter starts a new line.
          </span>
          <button
            type="submit"
            aria-label="Send message"
            disabled={!canSend || uploading || (!draft.trim() && ready.length === 0)}
            className={composerClass.send}
          >
            <SendIcon />
          </button>
        </form>
        </>
      )}
    </>
  );
}
