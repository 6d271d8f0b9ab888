import "server-only";
import { appUrl } from "@/lib/env";
import { hmacHex, purposeKey, safeEqual } from "@/lib/security/crypto";
import { attachmentUrl } from "./store";

/*
 * Expiring links to one attachment, for callers that hold no session: the link itself is the
 * permission, limited in time and bound to the file id. Two kinds, signed under different keys so
 * one is never accepted as the other:
 *   - "provider": media we send through LINE, Twilio, Bandwidth (they fetch it by URL); only files
 *     already in a conversation.
 *   - "visitor": the website widget's files (<img> and download links cannot send headers, and
 *     the visitor token must not travel in URLs); minted only into payloads the visitor may see,
 *     including their own upload before it is sent.
 */
export type LinkPurpose = "provider" | "visitor";

const KEY_PURPOSE: Record<LinkPurpose, string> = { provider: "attachment-links", visitor: "widget-attachment-links" };

export const SIGNED_URL_TTL_SECONDS = 24 * 3600;

/**
 * Visitor links: a day, like provider links — a chat tab is often left open for hours, and the
 * widget only re-reads history on reconnect, so a shorter life would break images and downloads
 * in a quiet conversation. The leak it guards against is bounded anyway: one file, not the thread.
 */
export const VISITOR_LINK_TTL_SECONDS = 24 * 3600;

/**
 * Visitor links expire at the end of an hour, so a file's link stays the same for that hour: the
 * browser reuses its cached copy and the widget does not redraw every image on each history refresh.
 */
const VISITOR_LINK_ROUNDING_SECONDS = 3600;

const signature = (purpose: LinkPurpose, id: string, expires: number) => hmacHex("sha256", purposeKey(KEY_PURPOSE[purpose]), `${id}.${expires}`);

/** `/api/attachments/<id>?expires=…&signature=…`, relative to the app. */
export function signedAttachmentPath(
  id: string,
  purpose: LinkPurpose,
  ttlSeconds = purpose === "visitor" ? VISITOR_LINK_TTL_SECONDS : SIGNED_URL_TTL_SECONDS,
  now = Date.now(),
): string {
  let expires = Math.floor(now / 1000) + ttlSeconds;
  if (purpose === "visitor") expires = Math.ceil(expires / VISITOR_LINK_ROUNDING_SECONDS) * VISITOR_LINK_ROUNDING_SECONDS;
  return `${attachmentUrl(id)}?expires=${expires}&signature=${signature(purpose, id, expires)}`;
}

/** An absolute provider link (they fetch from outside, so relative will not do). */
export function signedAttachmentUrl(id: string, ttlSeconds = SIGNED_URL_TTL_SECONDS, now = Date.now()): string {
  return appUrl(signedAttachmentPath(id, "provider", ttlSeconds, now));
}

/** Which kind of link the query signs for this attachment id, if any, while unexpired. */
export function signedLinkPurpose(id: string, query: URLSearchParams, now = Date.now()): LinkPurpose | null {
  const expires = Number(query.get("expires"));
  const sig = query.get("signature");
  if (!sig || !Number.isInteger(expires) || expires < now / 1000) return null;
  for (const purpose of ["provider", "visitor"] as const) if (safeEqual(sig, signature(purpose, id, expires))) return purpose;
  return null;
}

/*
 * Preview links (lib/attachments/preview.ts): a provider link to the downscaled copy of an image.
 * The variant is part of the signed text, so a file link cannot be turned into a preview link or
 * back, and no other variant can be asked for.
 */
const previewSignature = (id: string, expires: number) => hmacHex("sha256", purposeKey(KEY_PURPOSE.provider), `preview:${id}.${expires}`);

/** `…/api/attachments/<id>?variant=preview&expires=…&signature=…`, absolute (providers fetch it). */
export function signedPreviewUrl(id: string, ttlSeconds = SIGNED_URL_TTL_SECONDS, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  return appUrl(`${attachmentUrl(id)}?variant=preview&expires=${expires}&signature=${previewSignature(id, expires)}`);
}

/** Whether the query is an unexpired preview link for this attachment id. */
export function isSignedPreviewLink(id: string, query: URLSearchParams, now = Date.now()): boolean {
  const expires = Number(query.get("expires"));
  const sig = query.get("signature");
  if (query.get("variant") !== "preview" || !sig || !Number.isInteger(expires) || expires < now / 1000) return false;
  return safeEqual(sig, previewSignature(id, expires));
}
