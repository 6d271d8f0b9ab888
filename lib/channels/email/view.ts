import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { emailMessages, messages, type EmailAddress } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireVisibleConversation } from "@/lib/access/visibility";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { readForward, type ForwardedMail } from "./forwarded";
import { FORWARD_CSS } from "./forwarded-html";
import { replyRecipients, type ReplyRecipients } from "./recipients";

/** What the thread shows above an email: its headers, and whether there is an HTML body to frame. */
export type EmailView = {
  subject: string | null;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  hasHtml: boolean;
  remoteImages: number;
  /** A plain-text forward, read from the stored text: shown as a card headed by the original sender. */
  forwarded: ForwardedView | null;
};

/** What the forward card shows: the forwarder's note, then the original's sender, date, subject and body. */
export type ForwardedView = { note: string } & Omit<ForwardedMail["original"], "to">;

/** HTML mails carry their forward in the frame (forwarded-html.ts); only text mails are read here. */
function forwardedView(html: string | null, content: string, subject: string | null): ForwardedView | null {
  if (html !== null) return null;
  const f = readForward(content, subject);
  if (!f) return null;
  const { from, date, subject: originalSubject, body } = f.original;
  return { note: f.note, from, date, subject: originalSubject, body };
}

/**
 * What the thread of an email conversation needs from the server (GET …/conversations/:id/email):
 * each message's headers under `data`, and whom the next reply goes to (null outside email), so
 * the composer shows the rule outbound.ts applies rather than a copy of it.
 */
export async function emailThread(db: DbOrTx, actor: Actor, ref: string): Promise<{ data: Record<string, EmailView>; replyRecipients: ReplyRecipients | null }> {
  const conv = await requireVisibleConversation(db, actor, ref);
  return { data: await headersOf(db, conv.id), replyRecipients: await replyRecipients(db, conv.id) };
}

async function headersOf(db: DbOrTx, conversationId: string): Promise<Record<string, EmailView>> {
  const rows = await db
    .select({
      id: messages.id,
      subject: emailMessages.subject,
      from: emailMessages.from,
      to: emailMessages.to,
      cc: emailMessages.cc,
      html: emailMessages.html,
      remoteImages: emailMessages.remoteImages,
      content: messages.content,
    })
    .from(messages)
    .innerJoin(emailMessages, and(eq(emailMessages.inboxId, messages.inboxId), eq(emailMessages.messageIdHeader, messages.sourceId)))
    .where(eq(messages.conversationId, conversationId));
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      {
        subject: r.subject,
        from: r.from,
        to: r.to,
        cc: r.cc,
        hasHtml: r.html !== null,
        remoteImages: r.remoteImages,
        forwarded: forwardedView(r.html, r.content, r.subject),
      },
    ]),
  );
}

/** The frame's own look: readable defaults the mail's styles may override, and the folded quote. */
const FRAME_CSS = `
html{color-scheme:light}
body{margin:0;padding:0;background:#fff;color:#1f2328;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;overflow-wrap:anywhere;overflow-y:hidden}
img{max-width:100%;height:auto}
table{max-width:100%}
pre{white-space:pre-wrap}
a{color:#0b63ce}
blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:2px solid #d0d7de;color:#57606a}
details.kv-quoted{margin-top:.5em}
details.kv-quoted>summary{display:inline-block;list-style:none;cursor:pointer;padding:0 .5em;border-radius:4px;background:#eaeef2;color:#57606a;font-size:11px;line-height:16px;letter-spacing:1px;user-select:none}
details.kv-quoted>summary::-webkit-details-marker{display:none}
details.kv-quoted>summary:hover{background:#d0d7de}
details.kv-quoted[open]>summary{margin-bottom:.5em}
.kv-signature{color:#57606a}
`;

/**
 * Scripts are impossible three times over: the sanitizer removed them, the policy forbids them,
 * and the policy's own sandbox (like the iframe's) never grants allow-scripts. Remote images and
 * fonts load only once the agent asked (`images`): tracking pixels stay silent until then.
 */
export function framePolicy(images: boolean): string {
  return [
    "default-src 'none'",
    `img-src 'self' data:${images ? " https: http:" : ""}`,
    "style-src 'unsafe-inline'",
    `font-src data:${images ? " https:" : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
}

export function emailDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank"><style>${FRAME_CSS}${FORWARD_CSS}</style></head><body>${html}</body></html>`;
}

/** The sanitized HTML of one email message, as a document for the thread's sandboxed iframe. */
export async function emailHtmlResponse(db: DbOrTx, actor: Actor, ref: string, messageId: string, opts: { images: boolean }): Promise<Response> {
  const conv = await requireVisibleConversation(db, actor, ref);
  if (!isUuid(messageId)) throw notFound("Message not found");
  const [row] = await db
    .select({ html: emailMessages.html })
    .from(messages)
    .innerJoin(emailMessages, and(eq(emailMessages.inboxId, messages.inboxId), eq(emailMessages.messageIdHeader, messages.sourceId)))
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conv.id)));
  if (!row?.html) throw notFound("This message has no HTML body");
  return new Response(emailDocument(row.html), {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": framePolicy(opts.images),
      "x-content-type-options": "nosniff",
      "x-frame-options": "SAMEORIGIN",
      "referrer-policy": "no-referrer",
      "cache-control": "private, max-age=300",
    },
  });
}
