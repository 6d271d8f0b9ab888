/**
 * Reads a request body up to a limit while it streams in. Content-Length alone is not enough: a
 * chunked body has none, and would otherwise be buffered whole before any check (DESIGN §8).
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super("The request body is too large");
  }
}

export async function readBodyWithin(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body within a limit: `{}` when empty, `null` marks invalid JSON for the caller to refuse. */
export async function readJsonWithin(req: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = (await readBodyWithin(req, maxBytes)).toString("utf8");
  if (!text.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
