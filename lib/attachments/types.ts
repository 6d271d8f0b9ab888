/** What visitors may upload: images (sniffed from their bytes) and common documents. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** Allowed documents, by extension (the browser's type is a hint only). */
export const DOCUMENT_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
};

/** For the file picker's `accept` attribute. */
export const ACCEPT_ATTRIBUTE = [...IMAGE_TYPES, ...Object.keys(DOCUMENT_TYPES).map((e) => "." + e)].join(",");

export const isImageType = (contentType: string) => (IMAGE_TYPES as readonly string[]).includes(contentType);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Files customers send through provider channels (voice notes, videos): larger than widget uploads. */
export const MAX_INBOUND_MEDIA_BYTES = 25 * 1024 * 1024;

/** Media types kept as the provider declared them (after the bytes were not an image); anything else is stored as a plain download. */
export const PROVIDER_MEDIA_TYPE = /^(audio|video)\/[a-z0-9.+-]{1,60}$|^application\/(pdf|zip|vnd\.openxmlformats-officedocument\.[a-z.]+|msword|vnd\.ms-excel)$|^text\/(plain|csv|vcard|x-vcard)$/;

