import { DOCUMENT_TYPES } from "./types";

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes prove, or null. */
export function sniffImage(b: Uint8Array): string | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a"))) return "image/gif";
  if (startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

const isZip = (b: Uint8Array) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]);

/** Text files must be text: no NUL bytes and valid UTF-8. */
function isText(b: Uint8Array): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";

/**
 * The content type an upload is stored and served as, decided from its bytes (and, for
 * documents, its extension); null when it is not an allowed type. Images are recognised by their
 * signature whatever the name or the browser claims, so nothing else is ever served as an image.
 */
export function detectContentType(bytes: Uint8Array, name: string): string | null {
  const image = sniffImage(bytes);
  if (image) return image;
  const ext = extensionOf(name);
  const type = DOCUMENT_TYPES[ext];
  if (!type) return null;
  switch (ext) {
    case "pdf":
      return startsWith(bytes, ascii("%PDF-")) ? type : null;
    case "docx":
    case "xlsx":
    case "zip":
      return isZip(bytes) ? type : null;
    case "txt":
    case "csv":
      return isText(bytes) ? type : null;
    default:
      return null;
  }
}
