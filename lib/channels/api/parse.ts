import "server-only";
import type { ParseResult, RawRequest } from "../types";
import { apiInboundSchema } from "./schema";

export function parseApiMessage(req: RawRequest): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString("utf8"));
  } catch {
    return { ok: false, issues: ["Body is not valid JSON"] };
  }
  const parsed = apiInboundSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const { contact, message } = parsed.data;
  return { ok: true, events: [{ type: "message", contact, message }] };
}
