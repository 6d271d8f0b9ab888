import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "x-konversio-signature";
export const TIMESTAMP_HEADER = "x-konversio-timestamp";
export const MAX_SKEW_SECONDS = 5 * 60;

/** `sha256=` + hex HMAC-SHA256(secret, timestamp + "." + rawBody), as DESIGN §7 specifies. */
export function signBody(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac("sha256", secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest("hex")}`;
}
