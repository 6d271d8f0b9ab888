import { AppError } from "@/lib/errors";
import { cleanInput } from "@/lib/http/clean-text";

/**
 * Reads a request body up to a limit while it streams in. Content-Length alone is not enough: a
 * chunked body has none, and would otherwise be buffered whole before any check (docs/architecture.md).
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super("The request body is too large");
  }
}

// Requests whose body was abandoned part-way (over the limit): the rest of it is still on the
// connection, where the next request would be read from, so their answer closes the connection.
const abandoned = new WeakSet<Request>();

/** Adds `Connection: close` to the answer of a request whose body was left unread. */
export function closeIfAbandoned(req: Request, res: Response): Response {
  if (abandoned.has(req)) res.headers.set("connection", "close");
  return res;
}

export async function readBodyWithin(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    abandoned.add(req);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      abandoned.add(req);
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body within a limit (`{}` when empty). Too big, unreadable or not JSON is an
 * AppError "validation" (400), never a 500.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    text = (await readBodyWithin(req, maxBytes)).toString("utf8");
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new AppError("validation", "The request body is too large");
    throw new AppError("validation", "The request body could not be read");
  }
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("validation", "The request body is not valid JSON");
  }
  return cleanInput(parsed);
}
