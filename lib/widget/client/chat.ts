import type { Api } from "./api";
import { buildComposer } from "./composer";
import { h } from "./dom";
import { connectHost, embedded, readStored, toParent } from "./host";
import { createOutbox } from "./outbox";
import { buildPrechat } from "./prechat";
import { OFFLINE, type Ctx, type State } from "./state";
import type { Item, WidgetConfig } from "./types";
import { createVisitor } from "./visitor";
import { buildShell, fillHeader, messageRow, rowSignature, type RowContext } from "./view";

/*
 * The visitor's chat inside the loader's iframe: state in one object (./state.ts) and small render
 * functions that patch the DOM — the message list redraws only the rows that changed. The session
 * and live feed are in ./visitor.ts, sending and uploads in ./outbox.ts, the host page bridge in
 * ./host.ts. Protocol: docs/widget-protocol.md.
 */

export type ChatOptions = {
  token: string;
  config: WidgetConfig;
  api: Api | null;
  /** The admin preview: sample messages instead of a session (./preview.ts). */
  samples?: Item[];
};

export function startChat(mount: HTMLElement, opts: ChatOptions) {
  const preview = !!opts.samples;
  const S: State = {
    cfg: opts.config,
    phase: preview ? "ready" : "waiting",
    visitor: null,
    hasConversation: false,
    items: opts.samples ?? [],
    loaded: preview,
    notice: null,
    conn: null,
    files: [],
    visible: true,
    unread: 0,
    user: null,
  };
  let stick = true;

  const shell = buildShell();
  const close = embedded() ? () => toParent({ type: "close" }) : null;
  const lock = h("p", { class: "lock" }, "This chat is for signed-in customers. Sign in on the website to send us a message.");

  const ctx: Ctx = {
    S,
    api: opts.api,
    token: opts.token,
    known: new Set(),
    ui: {
      render,
      list: renderList,
      bars: renderBars,
      files: () => composer.setFiles(S.files),
      focus: focusInput,
      announce: (text) => (shell.live.textContent = text),
      setUnread(n) {
        S.unread = n;
        toParent({ type: "unread", count: n });
      },
      stick: () => (stick = true),
      composer: {
        text: () => composer.box.value,
        clear: () => composer.clear(),
        focus: () => composer.box.focus({ preventScroll: true }),
      },
    },
  };
  const visitor = createVisitor(ctx, () => outbox.resend());
  const outbox = createOutbox(ctx, () => void visitor.session({ visitorToken: null, user: S.user }));
  const composer = buildComposer({ submit: outbox.submit, pick: (f) => void outbox.pickFiles(f), remove: outbox.removeFile });
  const prechat = buildPrechat(visitor.saveContact);
  mount.replaceChildren(shell.root);

  // ---- rendering ----

  const rows = new Map<string, { li: HTMLLIElement; sig: string }>();
  let empty: HTMLLIElement | null = null;
  const scrollDown = () => (shell.list.scrollTop = shell.list.scrollHeight);
  const rowCtx = (): RowContext => ({
    teamName: S.cfg.name,
    retry: (m) => void outbox.deliver(m),
    onImage: () => stick && scrollDown(),
  });

  function renderList() {
    const list = shell.list;
    list.setAttribute("aria-busy", String(!(S.phase === "ready" && S.loaded)));
    if (!S.items.length) {
      empty ??= h("li", { class: "em" });
      empty.textContent =
        S.phase === "ready" && S.loaded
          ? `Ask us anything — ${S.cfg.name} will reply right here.`
          : S.phase === "failed"
            ? "The chat isn't available right now."
            : "Loading the conversation…";
      rows.clear();
      list.replaceChildren(empty);
      return;
    }
    empty?.remove();
    const rc = rowCtx();
    const seen = new Set<string>();
    let prev: Element | null = null;
    S.items.forEach((m, i) => {
      const key = m.clientId ?? m.id;
      seen.add(key);
      const sig = rowSignature(S.items, i, rc);
      let row = rows.get(key);
      if (!row || row.sig !== sig) {
        const li = messageRow(S.items, i, rc);
        row?.li.replaceWith(li);
        row = { li, sig };
        rows.set(key, row);
      }
      const want: Element | null = prev ? prev.nextElementSibling : list.firstElementChild;
      if (row.li !== want) list.insertBefore(row.li, want);
      prev = row.li;
    });
    for (const [key, row] of rows) {
      if (!seen.has(key)) {
        row.li.remove();
        rows.delete(key);
      }
    }
    if (stick) scrollDown();
  }

  const needsPrechat = () =>
    S.cfg.preChatEmail &&
    !outbox.blocked() &&
    (preview || (!!S.visitor && !S.visitor.email && !S.hasConversation && S.loaded && !S.items.length));

  function renderBottom() {
    const want = outbox.blocked() ? lock : needsPrechat() ? prechat.el : composer.el;
    if (shell.bottom.firstChild !== want) {
      const hadFocus = shell.bottom.contains(document.activeElement);
      shell.bottom.replaceChildren(want);
      if (hadFocus) focusInput();
    }
    composer.setEnabled(preview || (S.phase === "ready" && !!S.visitor && !outbox.blocked()));
  }

  function renderBars() {
    const bar = (el: HTMLElement, text: string | null) => {
      if ((el.hidden ? null : el.textContent) === text) return;
      el.hidden = !text;
      el.textContent = text ?? "";
    };
    bar(shell.conn, S.conn);
    bar(shell.notice, S.notice?.text ?? null);
    shell.notice.className = `bar ${S.notice?.kind === "verify" ? "warn" : "err"}`;
  }

  function render() {
    renderList();
    renderBars();
    renderBottom();
  }

  function renderHeader() {
    fillHeader(shell.header, S.cfg, close);
    shell.root.setAttribute("aria-label", `Chat with ${S.cfg.name}`);
    document.title = `Chat with ${S.cfg.name}`;
  }

  function focusInput() {
    if (outbox.blocked()) return;
    if (shell.bottom.firstChild === prechat.el) prechat.focus();
    else composer.box.focus({ preventScroll: true });
  }

  shell.list.addEventListener("scroll", () => {
    const el = shell.list;
    stick = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  });

  // ---- wiring ----

  window.addEventListener("offline", () => {
    S.conn = OFFLINE;
    renderBars();
  });
  window.addEventListener("online", () => {
    if (S.conn === OFFLINE) S.conn = null;
    renderBars();
    outbox.resend();
  });
  // Escape closes the widget (the loader moves focus back to its launcher).
  window.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && close) close();
  });

  renderHeader();
  render();

  if (opts.api) {
    if (embedded()) {
      connectHost({
        init(visitorToken, user, open) {
          S.visible = open;
          void visitor.session({ visitorToken, user });
        },
        setUser: (user) => void visitor.session({ visitorToken: S.visitor?.token, user }),
        reset: visitor.reset,
        visibility(open) {
          S.visible = open;
          if (open) {
            ctx.ui.setUnread(0);
            focusInput();
          }
        },
      });
    } else {
      const vis = () => {
        S.visible = document.visibilityState === "visible";
        if (S.visible) S.unread = 0;
      };
      document.addEventListener("visibilitychange", vis);
      vis();
      void visitor.session({ visitorToken: readStored(opts.token) });
    }
  }

  return {
    /** The admin preview's live edits. */
    update(config: WidgetConfig, samples: Item[]) {
      S.cfg = config;
      S.items = samples;
      renderHeader();
      render();
    },
  };
}
