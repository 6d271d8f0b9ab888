import { formatBytes } from "@/lib/attachments/types";

/*
 * What Twilio MMS takes (its "accepted content types for media"): JPEG, GIF and PNG images up to
 * 5 MB — Twilio resizes those for the carrier — and a few other types (here: WebP images, PDF and
 * CSV) only up to 500 KB; at most 10 files and 5 MB per message. The same rule refuses a file in
 * the composer (at upload, lib/conversations/agent-attachments.ts) and at send time.
 */
export const TWILIO_MAX_MEDIA = 10;
export const TWILIO_MAX_MEDIA_BYTES = 5 * 1024 * 1024;
const RESIZED_TYPES = new Set(["image/jpeg", "image/gif", "image/png"]);
const SMALL_TYPES = new Set(["image/webp", "application/pdf", "text/csv"]);
const SMALL_MAX_BYTES = 500 * 1024;

/**
 * Why Twilio would refuse this file, in words for the agent (shown after the file's name, on its
 * chip in the composer or as "<name> — <words>" on a reply); null when it can go.
 */
export function twilioMediaProblem(file: { name: string; contentType: string; size: number }): string | null {
  if (RESIZED_TYPES.has(file.contentType)) {
    return file.size > TWILIO_MAX_MEDIA_BYTES ? `${formatBytes(file.size)} is too large: a text message can carry images up to ${formatBytes(TWILIO_MAX_MEDIA_BYTES)}.` : null;
  }
  if (SMALL_TYPES.has(file.contentType)) {
    return file.size > SMALL_MAX_BYTES
      ? `${formatBytes(file.size)} is too large: by text message, files other than JPEG, GIF and PNG images can be up to 500 KB. Send a smaller file or share a link.`
      : null;
  }
  return "This kind of file cannot be sent by text message: use a JPEG, GIF or PNG image, or a PDF or CSV up to 500 KB.";
}
