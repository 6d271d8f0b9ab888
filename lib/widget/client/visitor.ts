import { Offline, type SessionData } from "./api";
import { mergeHistory, upsert } from "./format";
import { hostOrigin, storeToken } from "./host";
import { openLive } from "./live";
import type { PrechatResult } from "./prechat";
import { OFFLINE, type Ctx } from "./state";
import type { User } from "./types";

/* Who the visitor is (POST /session, the pre-chat form's new token), their history and live feed. */

const UNREACHABLE = "Can't reach the chat. Check your connection — we'll keep trying.";

/** The identity inside a visitor token (not verified here — the server does that), to tell a new visitor from a refreshed token. */
export function identityOf(token: string): string {
  try {
    return JSON.parse(atob(token.split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/"))).s ?? token;
  } catch {
    return token;
  }
}

export function createVisitor(ctx: Ctx, onReady: () => void) {
  const { S, api, ui, known } = ctx;
  let chain: Promise<unknown> = Promise.resolve();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopLive = () => {};

  /** POST /session, one at a time; then hand the token to the host page for storage. */
  function session(o: { visitorToken?: string | null; user?: User | null }) {
    const run = () => start(o);
    chain = chain.then(run, run);
    return chain;
  }

  async function start(o: { visitorToken?: string | null; user?: User | null }) {
    if (!api) return;
    clearTimeout(retryTimer);
    S.user = o.user ?? null;
    S.phase = "connecting";
    ui.render();
    const base = { visitorToken: o.visitorToken || undefined, host: hostOrigin() ?? undefined };
    let verifyFailed = false;
    let r;
    try {
      r = await api.session({ ...base, user: o.user ?? undefined });
      if (!r.ok && r.error.status === 401 && o.user) {
        // A wrong identifierHash: stay a guest (the inbox may still refuse guests) and say so.
        verifyFailed = true;
        r = await api.session(base);
      }
    } catch (e) {
      if (!(e instanceof Offline)) throw e;
      S.conn = navigator.onLine ? UNREACHABLE : OFFLINE;
      S.phase = "failed";
      ui.render();
      retryTimer = setTimeout(() => void session(o), 5000);
      return;
    }
    if (!r.ok) {
      const e = r.error;
      S.phase = "failed";
      if (e.status === 404 || e.status === 410) S.notice = { kind: "gone", text: "This chat is no longer available." };
      else if (e.status === 429) {
        S.notice = { kind: "rate", text: e.message || "Too many chats were started from your network. Please try again later." };
        retryTimer = setTimeout(() => void session(o), (e.retryAfter ?? 60) * 1000);
      } else S.notice = { kind: "error", text: e.message || "The chat could not start. Please try again later." };
      ui.render();
      return;
    }
    adopt(r.data);
    S.conn = null;
    S.notice = verifyFailed ? { kind: "verify", text: "We couldn't verify your identity, so you are chatting as a guest." } : null;
    S.phase = "ready";
    ui.render();
    await loadHistory(r.data.visitorToken);
    // Only while the chat has focus: a setUser() on the host page must not pull focus into the widget.
    if (S.visible && document.hasFocus()) ui.focus();
  }

  /** Takes a session answer: a new identity starts an empty list and its own feed; a refreshed token keeps both. */
  function adopt(d: Pick<SessionData, "visitorToken" | "visitor"> & { hasConversation?: boolean }) {
    const changed = !S.visitor || identityOf(S.visitor.token) !== identityOf(d.visitorToken);
    S.visitor = { token: d.visitorToken, ...d.visitor };
    if (d.hasConversation !== undefined) S.hasConversation = d.hasConversation;
    storeToken(ctx.token, d.visitorToken);
    if (changed) {
      known.clear();
      S.items = [];
      S.loaded = false;
      live(d.visitorToken);
    }
  }

  async function loadHistory(vt: string) {
    if (!api) return;
    let r;
    try {
      r = await api.history(vt);
    } catch {
      return; // offline: the feed's reconnect loads it again
    }
    if (!S.visitor || identityOf(S.visitor.token) !== identityOf(vt)) return;
    if (!r.ok) {
      // The token no longer proves this visitor (e.g. the HMAC token was regenerated): start over.
      if (r.error.status === 404) void session({ visitorToken: null, user: S.user });
      if (r.error.status === 410) {
        stopLive();
        S.phase = "failed";
        S.conn = null;
        S.notice = { kind: "gone", text: "This chat is no longer available." };
        ui.render();
      }
      return;
    }
    for (const m of r.data.data) known.add(m.id);
    S.items = mergeHistory(r.data.data, S.items);
    S.loaded = true;
    ui.render();
  }

  function live(vt: string) {
    stopLive();
    if (!api) return;
    // The latest token of this identity (the pre-chat form refreshes it without restarting the feed).
    const current = () => S.visitor?.token ?? vt;
    stopLive = openLive(api, current, {
      message(m) {
        const isNew = !known.has(m.id);
        known.add(m.id);
        S.items = upsert(S.items, m);
        ui.list();
        if (isNew && m.kind === "outgoing") {
          ui.announce(`New message from ${m.sender?.name ?? S.cfg.name}: ${m.content}`);
          if (!S.visible) ui.setUnread(S.unread + 1);
        }
      },
      ready() {
        // History may have been read before this subscription existed (on open, or across a drop).
        void loadHistory(current());
        if (S.conn) {
          S.conn = null;
          ui.bars();
        }
        onReady();
      },
      resync: () => void loadHistory(current()),
      slow() {
        S.conn = navigator.onLine ? "Reconnecting…" : OFFLINE;
        ui.bars();
      },
    });
  }

  /** The pre-chat form: POST /contact, then the new token (carrying the email) replaces the old one. */
  async function saveContact(name: string | null, email: string): Promise<PrechatResult> {
    const vt = S.visitor?.token;
    if (!api || !vt) return { ok: false, message: "The chat is still starting. Please try again in a moment." };
    let r;
    try {
      r = await api.contact(vt, { name, email });
    } catch {
      return { ok: false, message: "Couldn't reach us — check your connection and try again." };
    }
    if (!r.ok) {
      const e = r.error;
      if (e.status === 400 && e.fields?.email) return { ok: false, field: "email", message: e.fields.email[0]! };
      if (e.status === 400 && e.fields?.name) return { ok: false, field: "name", message: e.fields.name[0]! };
      if (e.status === 404) void session({ visitorToken: null, user: S.user });
      return { ok: false, message: e.message || "Something went wrong. Please try again." };
    }
    adopt(r.data);
    ui.render();
    ui.composer.focus();
    ui.announce("Thanks! Write your message below.");
    return { ok: true };
  }

  function reset() {
    stopLive();
    S.visitor = null;
    S.items = [];
    S.loaded = false;
    known.clear();
    ui.setUnread(0);
    void session({ visitorToken: null });
  }

  return { session, reset, saveContact };
}

export type VisitorSession = ReturnType<typeof createVisitor>;
