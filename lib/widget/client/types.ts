/* Shapes of docs/widget-protocol.md as the browser sees them (the chat page and its script). */

export type ReplyTime = "minutes" | "hours" | "day";

/** GET /api/widget/config, also inlined in the chat page. */
export type WidgetConfig = {
  name: string;
  widgetColor: string;
  welcomeTitle: string;
  welcomeTagline: string;
  replyTime: ReplyTime | string;
  requireIdentity: boolean;
  position: "right" | "left" | string;
  preChatEmail: boolean;
};

/** What the chat page hands its script (JSON in <script type="application/json" id="kw-data">). */
export type PageData =
  | { state: "ok"; token: string; preview: boolean; config: WidgetConfig }
  | { state: "gone" | "not_found" };

export type Attachment = { name?: string; url?: string; contentType?: string; size?: number };

export type WidgetMessage = {
  id: string;
  kind: "incoming" | "outgoing";
  content: string;
  attachments?: Attachment[];
  createdAt: string;
  sender: { name: string } | null;
  status?: string | null;
  clientId?: string;
};

/** A message in the list: the server's, or the visitor's own while it is being sent. */
export type Item = WidgetMessage & { local?: "sending" | "failed"; attachmentIds?: string[]; offline?: boolean };

export type User = { identifier: string; name?: string; email?: string; identifierHash?: string };

export type Visitor = { token: string; name: string | null; email: string | null; verified: boolean };
