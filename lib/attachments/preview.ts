import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type SharpType from "sharp";
import type { DbOrTx } from "@/db/client";
import { attachments } from "@/db/schema";
import type { StoredAttachment } from "./store";

/*
 * Small previews of images, for providers that show a thumbnail fetched apart from the file.
 * LINE's image messages (docs/architecture.md §4.2): the preview must be JPEG or PNG
 * and at most 1 MB (no pixel limit since 2020), while the original may be 10 MB. Previews are
 * JPEG, made on the first request for them and kept in `attachments.preview`.
 */

export const PREVIEW_MAX_BYTES = 1024 * 1024;
const PREVIEW_TYPES = new Set(["image/jpeg", "image/png"]);

/**
 * Longest side tried, in order: 1024 px is sharp on a phone's chat bubble and, as JPEG, a few
 * hundred KB even for pure noise; the smaller sizes only guard the 1 MB limit.
 */
const PREVIEW_SIDES = [1024, 512, 240];
const PREVIEW_QUALITY = 80;

/**
 * Decoding bound: a 10 MB PNG can declare a huge canvas (a decompression bomb). 100 megapixels
 * covers every phone camera's default output; larger images are treated as undecodable.
 */
const MAX_INPUT_PIXELS = 100_000_000;

// Loaded on first use: a machine where the native module cannot load loses previews, not every
// attachment download that imports this file. A long-running server keeps no decoded images in
// libvips' operation cache.
let loaded: Promise<typeof SharpType> | undefined;
const loadSharp = () =>
  (loaded ??= import("sharp").then((m) => {
    m.default.cache(false);
    return m.default;
  }));

/** The image could not be decoded (corrupt, truncated, or beyond the pixel bound). */
export class UndecodableImage extends Error {}

/** A JPEG or PNG already within the preview limit is its own preview: no second copy. */
export const isOwnPreview = (a: { contentType: string; size: number }) => PREVIEW_TYPES.has(a.contentType) && a.size <= PREVIEW_MAX_BYTES;

/** A JPEG preview of at most 1 MB: oriented as the camera meant, transparency on white. */
export async function makePreview(bytes: Uint8Array): Promise<Buffer> {
  const sharp = await loadSharp();
  for (const side of PREVIEW_SIDES) {
    let out: Buffer;
    try {
      out = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .resize(side, side, { fit: "inside", withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: PREVIEW_QUALITY, mozjpeg: true })
        .toBuffer();
    } catch (e) {
      throw new UndecodableImage(`The image cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (out.byteLength <= PREVIEW_MAX_BYTES) return out;
  }
  // 240×240 JPEG at quality 80 is far below 1 MB whatever the content; kept as a clear failure anyway.
  throw new UndecodableImage("No preview within 1 MB could be made");
}

/** The stored preview, made and kept on first use. Two concurrent first requests both make it; the first write stays. */
export async function previewBytes(db: DbOrTx, a: StoredAttachment): Promise<Buffer> {
  if (a.preview) return a.preview;
  const made = await makePreview(a.bytes);
  await db.update(attachments).set({ preview: made }).where(and(eq(attachments.id, a.id), isNull(attachments.preview)));
  return made;
}
