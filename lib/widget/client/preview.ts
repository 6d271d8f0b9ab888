import { safeColor, readableOn } from "./format";
import type { Item, WidgetConfig } from "./types";

/*
 * The admin's live preview (Settings → inbox → Widget) is this very chat in an iframe, opened with
 * ?preview=1: sample messages instead of a session, and the form's unsaved values arriving by
 * postMessage from the admin page — which is this app's own origin, the only one listened to.
 */

export function previewSamples(cfg: WidgetConfig): Item[] {
  // With the pre-chat form on, the preview shows what a new visitor sees: the welcome and the form.
  if (cfg.preChatEmail) return [];
  const at = (h: number, m: number) => {
    const d = new Date();
    d.setHours(h, m, 0, 0);
    return d.toISOString();
  };
  return [
    { id: "p1", kind: "incoming", content: "Hi! Do you ship to Canada?", createdAt: at(10, 41), sender: null },
    { id: "p2", kind: "outgoing", content: "We do — orders arrive in 3 to 5 business days.", createdAt: at(10, 42), sender: { name: cfg.name } },
  ];
}

export function applyBrand(color: string) {
  const c = safeColor(color);
  document.documentElement.style.setProperty("--b", c);
  document.documentElement.style.setProperty("--bf", readableOn(c));
}

const str = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);

/** Listens for {type:"preview", config} from the admin page and redraws. */
export function listenForPreview(initial: WidgetConfig, update: (cfg: WidgetConfig) => void) {
  window.addEventListener("message", (e: MessageEvent) => {
    if (e.origin !== location.origin || e.source !== window.parent) return;
    const d = e.data as { type?: unknown; config?: Record<string, unknown> } | null;
    if (!d || d.type !== "preview" || !d.config || typeof d.config !== "object") return;
    const c = d.config;
    const cfg: WidgetConfig = {
      ...initial,
      name: str(c.name, initial.name),
      widgetColor: safeColor(str(c.widgetColor, initial.widgetColor)),
      welcomeTitle: str(c.welcomeTitle, initial.welcomeTitle),
      welcomeTagline: str(c.welcomeTagline, initial.welcomeTagline),
      replyTime: str(c.replyTime, initial.replyTime),
      preChatEmail: typeof c.preChatEmail === "boolean" ? c.preChatEmail : initial.preChatEmail,
    };
    applyBrand(cfg.widgetColor);
    update(cfg);
  });
  window.parent.postMessage({ type: "preview-ready" }, location.origin);
}
