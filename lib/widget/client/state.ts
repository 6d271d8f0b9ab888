import type { Api } from "./api";
import type { PendingFile } from "./composer";
import type { Item, User, Visitor, WidgetConfig } from "./types";

/* The chat's state and what its parts (./visitor.ts, ./outbox.ts) may ask of the view (./chat.ts). */

export type Notice = { kind: "rate" | "identity" | "verify" | "gone" | "error"; text: string } | null;

export type State = {
  cfg: WidgetConfig;
  phase: "waiting" | "connecting" | "ready" | "failed";
  visitor: Visitor | null;
  hasConversation: boolean;
  items: Item[];
  /** History arrived for the current visitor. */
  loaded: boolean;
  /** Errors worth an alert (rate limits, identity, a deleted inbox…). */
  notice: Notice;
  /** Connection trouble (offline, reconnecting), shown apart from `notice`. */
  conn: string | null;
  files: PendingFile[];
  /** The chat is open (embedded) or the tab is visible (opened directly). */
  visible: boolean;
  unread: number;
  user: User | null;
};

export type Ui = {
  render(): void;
  list(): void;
  bars(): void;
  files(): void;
  /** Focus the composer (or the pre-chat form). */
  focus(): void;
  announce(text: string): void;
  setUnread(n: number): void;
  /** Keep the newest message in view on the next list render. */
  stick(): void;
  composer: { text(): string; clear(): void; focus(): void };
};

export type Ctx = {
  S: State;
  api: Api | null;
  /** The website token. */
  token: string;
  /** Ids of messages already in the list (a stream event for one is an update, not news). */
  known: Set<string>;
  ui: Ui;
};

export const OFFLINE = "You're offline. We'll send your messages when you're back online.";
