/* Shapes of docs/widget-protocol.md as the browser sees them (the chat page and its script). */

// Type-only: esbuild drops these imports, so no server code enters the widget bundle.
import type { WidgetMessage as ServerWidgetMessage } from "@/lib/widget/visibility";
import type { Jsonify } from "@/lib/jsonify";

export type ReplyTime = "minutes" | "hours" | "day";

/** GET /api/widget/config, also inlined in the chat page. */
export type WidgetConfig = {
  name: string;
  widgetColor: string;
  welcomeTitle: string;
  welcomeTagline: string;
  replyTime: ReplyTime | string;
  /** Set while the team is away (outside business hours): when it is back, if known. */
  away?: { until: string | null } | null;
  requireIdentity: boolean;
  position: "right" | "left" | string;
  preChatEmail: boolean;
};

/** What the chat page hands its script (JSON in <script type="application/json" id="kw-data">). */
export type PageData =
  | { state: "ok"; token: string; preview: boolean; config: WidgetConfig }
  | { state: "gone" | "not_found" };

/** A message as the server sends it: the type of the server's serializer, as JSON carries it. */
export type WidgetMessage = Jsonify<ServerWidgetMessage>;

/** A file on a message; the visitor's own upload may lack fields until the server has it. */
export type Attachment = Partial<WidgetMessage["attachments"][number]>;

/** A message in the list: the server's, or the visitor's own while it is being sent. */
export type Item = Omit<WidgetMessage, "attachments" | "status"> & {
  attachments?: Attachment[];
  status?: WidgetMessage["status"];
  /** The visitor's own message: the id it was sent with (idempotent retries), kept once the server has it. */
  clientId?: string;
  local?: "sending" | "failed";
  attachmentIds?: string[];
  offline?: boolean;
};

export type User = { identifier: string; name?: string; email?: string; identifierHash?: string };

export type Visitor = { token: string; name: string | null; email: string | null; verified: boolean };
