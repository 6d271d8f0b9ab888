import type { User } from "./types";

/*
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

export type HostEvents = {
  init(visitorToken: string | null, user: User | null, open: boolean): void;
  setUser(user: User): void;
  reset(): void;
  visibility(open: boolean): void;
};

export const embedded = () => window.parent !== window;

let parentOrigin: string | null = null;

/** The host page's origin once it said hello (sent to the session endpoint for the allowed-domains check). */
export const hostOrigin = () => parentOrigin;

export function toParent(msg: Record<string, unknown>) {
  if (embedded() && parentOrigin) window.parent.postMessage(msg, parentOrigin);
}

export function connectHost(on: HostEvents) {
  let refOrigin: string | null = null;
  try {
    refOrigin = document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    refOrigin = null;
  }
  window.addEventListener("message", (e: MessageEvent) => {
    if (e.source !== window.parent) return;
    const d = e.data as { type?: unknown; visitorToken?: unknown; user?: unknown; open?: unknown } | null;
    if (!d || typeof d !== "object" || typeof d.type !== "string") return;
    const user = d.user && typeof d.user === "object" ? (d.user as User) : null;
    if (!parentOrigin) {
      if (d.type !== "init" || (refOrigin && refOrigin !== e.origin)) return;
      parentOrigin = e.origin;
      on.init(typeof d.visitorToken === "string" ? d.visitorToken : null, user, d.open !== false);
      return;
    }
    if (e.origin !== parentOrigin) return;
    if (d.type === "setUser" && user) on.setUser(user);
    else if (d.type === "reset") on.reset();
    else if (d.type === "visibility") on.visibility(!!d.open);
  });
  window.parent.postMessage({ type: "ready" }, "*");
}

const key = (token: string) => `konversio:${token}`;

export function readStored(token: string): string | null {
  try {
    return sessionStorage.getItem(key(token));
  } catch {
    return null;
  }
}

/** Where the visitor token lives: the host page's localStorage (via the loader), or this tab. */
export function storeToken(token: string, value: string | null) {
  if (embedded()) {
    if (value) toParent({ type: "visitorToken", visitorToken: value });
    return;
  }
  try {
    if (value) sessionStorage.setItem(key(token), value);
    else sessionStorage.removeItem(key(token));
  } catch {
    /* storage blocked: the token lives for this page only */
  }
}
