/** Website widget settings shared by the adapter, the widget API and the admin form (client-safe). */
export const WIDGET_DEFAULTS = {
  widgetColor: "#5753d0",
  welcomeTitle: "Hi there 👋",
  welcomeTagline: "We usually reply in a few minutes.",
  replyTime: "minutes",
  requireIdentity: false,
  position: "right",
  preChatEmail: false,
} as const;

export const REPLY_TIMES = ["minutes", "hours", "day"] as const;
export type ReplyTime = (typeof REPLY_TIMES)[number];

export const REPLY_TIME_LABELS: Record<ReplyTime, string> = {
  minutes: "In a few minutes",
  hours: "In a few hours",
  day: "In a day",
};

export const POSITIONS = ["right", "left"] as const;

export const MAX_ALLOWED_DOMAINS = 50;

/**
 * "https://Shop.Example.com:8443/path" → "shop.example.com". Admins paste URLs as often as hosts;
 * a leading "*." is dropped because every entry already covers its subdomains.
 */
export function normaliseHost(value: string): string {
  let v = value.trim().toLowerCase();
  v = v.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  v = v.split(/[/?#]/, 1)[0] ?? "";
  v = v.replace(/^.*@/, "");
  if (!v.startsWith("[")) v = v.replace(/:\d*$/, "");
  v = v.replace(/^\*\./, "").replace(/\.$/, "");
  return v;
}

const HOST_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const isHostname = (v: string) => HOST_RE.test(v);

/** Splits "a.com, b.com\nc.com" (a textarea) into entries. */
export function splitDomainList(value: string): string[] {
  return value.split(/[\s,;]+/).filter(Boolean);
}
