import type { GraphHost } from "./client";

/** How Messenger and Instagram differ on the Graph API; everything else about them is shared. */
export type MessagingSpec = {
  /** Provider name in messages shown to admins and agents. */
  provider: "Messenger" | "Instagram";
  /** The webhook body's `object`. */
  object: "page" | "instagram";
  /** The host of sends and profiles (docs/architecture.md §5.2). */
  host: GraphHost;
  /**
   * Longest text one message may carry: Messenger counts characters, Instagram UTF-8 bytes
   * (1000 bytes is only ~333 Japanese characters).
   */
  textLimit: { max: number; unit: "characters" | "utf8Bytes" };
  /** Messenger wants `messaging_type: "RESPONSE"` on replies; Instagram's API has no such field. */
  messagingType: boolean;
  /** Subcodes of error 10 that mean "outside the 24-hour window". */
  windowSubcodes: readonly number[];
  /** Fields of `GET /<sender id>` that hold the person's name and picture. */
  profileFields: string;
  profileName(p: Record<string, unknown>): string | undefined;
  /**
   * Webhook fields the app is subscribed to on the account when the inbox is created
   * (`POST /<id>/subscribed_apps`): Meta delivers a Page's events only to subscribed apps.
   * Absent: subscribing is done in the dashboard (Instagram Login's webhooks are app-level).
   */
  subscribeFields?: string;
};

const s = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export const MESSENGER: MessagingSpec = {
  provider: "Messenger",
  object: "page",
  host: "graph",
  textLimit: { max: 2000, unit: "characters" },
  messagingType: true,
  windowSubcodes: [2018278],
  profileFields: "first_name,last_name,profile_pic",
  subscribeFields: "messages,message_deliveries,message_reads,message_echoes,messaging_postbacks",
  profileName: (p) => [s(p.first_name), s(p.last_name)].filter(Boolean).join(" ") || undefined,
};

export const INSTAGRAM: MessagingSpec = {
  provider: "Instagram",
  object: "instagram",
  host: "instagram",
  textLimit: { max: 1000, unit: "utf8Bytes" },
  messagingType: false,
  windowSubcodes: [2534022, 2018278],
  profileFields: "name,username,profile_pic",
  profileName: (p) => s(p.name) ?? s(p.username),
};
