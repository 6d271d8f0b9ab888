import type { InboundMedia } from "../types";

/*
 * MIME types as providers report them: the type without its parameters, the kind of attachment
 * it makes in the thread, and the file extension for files that arrive without a name.
 */

/** `image/jpeg` from `image/JPEG; charset=…`; undefined for an empty or missing header. */
export function mimeOf(contentType: string | null | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** The MIME type a response declares. */
export const contentTypeOf = (res: Response) => mimeOf(res.headers.get("content-type"));

/** What an inbound file becomes in the thread: the kind follows the MIME type the provider reports. */
export function mediaKindOf(contentType: string | undefined): Exclude<InboundMedia["kind"], "sticker"> {
  const type = mimeOf(contentType) ?? "";
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  return "file";
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/heic": "heic",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/x-m4a": "m4a",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "audio/ogg": "ogg",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "video/quicktime": "mov",
  "text/x-vcard": "vcf",
  "text/vcard": "vcf",
  "text/plain": "txt",
  "application/pdf": "pdf",
};

/** The first type listed for an extension wins (m4a → audio/mp4, vcf → text/x-vcard); `jpeg` is common enough to add. */
const BY_EXTENSION: Record<string, string> = { jpeg: "image/jpeg" };
for (const [type, ext] of Object.entries(EXTENSIONS)) BY_EXTENSION[ext] ??= type;

/** The usual file extension of a MIME type, if it is one providers send. */
export const extensionOf = (contentType: string | undefined): string | undefined => {
  const type = mimeOf(contentType);
  return type ? EXTENSIONS[type] : undefined;
};

/** The MIME type implied by a URL's file extension (Bandwidth media URLs end with the file name). */
export function typeFromUrl(url: string): string | undefined {
  const ext = /\.([a-z0-9]{2,5})$/i.exec(new URL(url, "http://x").pathname)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}
