import "server-only";
import type { Attachment } from "@/db/schema";
import { signedAttachmentPath } from "@/lib/attachments/signed-url";
import { attachmentIdFromUrl } from "@/lib/attachments/store";

/**
 * A file as the visitor's payloads carry it: our own `/api/attachments/<id>` becomes a signed,
 * expiring path the chat can put in an <img> or a download link (no header can ride along, and
 * the visitor token must stay out of URLs). Only what the visitor may see is ever serialized, so
 * minting the link is the permission. Agents keep the plain url: they use their session.
 */
export function visitorAttachment<A extends Pick<Attachment, "url">>(a: A): A {
  const id = attachmentIdFromUrl(a.url);
  return id ? { ...a, url: signedAttachmentPath(id, "visitor") } : a;
}
