import "server-only";
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

let key: Buffer | undefined;

function encryptionKey(): Buffer {
  if (key) return key;
  const e = env();
  key = e.KONVERSIO_SECRET_KEY
    ? createHash("sha256").update(e.KONVERSIO_SECRET_KEY).digest()
    : Buffer.from(hkdfSync("sha256", e.AUTH_SECRET, "konversio", "credential-encryption", 32));
  return key;
}

/** A key for one purpose (e.g. signing attachment links), derived from the same root secret. */
export function purposeKey(purpose: string): string {
  const e = env();
  const root = e.KONVERSIO_SECRET_KEY ?? e.AUTH_SECRET;
  return Buffer.from(hkdfSync("sha256", root, "konversio", purpose, 32)).toString("base64url");
}

/** AES-256-GCM; output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptJson(value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptJson<T>(payload: string): T {
  const [version, iv, tag, data] = payload.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("Unrecognised ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8")) as T;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function hmacHex(algorithm: "sha256" | "sha1", secret: string, data: string | Buffer): string {
  return createHmac(algorithm, secret).update(data).digest("hex");
}

export function hmacBase64(algorithm: "sha256" | "sha1", secret: string, data: string | Buffer): string {
  return createHmac(algorithm, secret).update(data).digest("base64");
}

/** Constant-time string comparison that does not leak length through an early return. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * How a stored credential is shown back: the last four characters help an admin tell long tokens
 * apart, but would give away a real share of a password or a short secret, so those stay fully hidden.
 */
export function maskSecret(value: string | undefined | null, opts: { revealEnd?: boolean } = {}): string | null {
  if (!value) return null;
  if (opts.revealEnd === false || value.length < 16) return "••••••••";
  return `••••${value.slice(-4)}`;
}
