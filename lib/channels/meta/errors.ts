import { z } from "zod";
import { parseRetryAfter } from "../shared/errors";

/** Meta's error body: `{error:{message,type,code,error_subcode,fbtrace_id}}` (WhatsApp adds error_data.details). */
const graphErrorBody = z.object({
  error: z.object({
    message: z.string().default(""),
    type: z.string().optional(),
    code: z.coerce.number().optional(),
    error_subcode: z.coerce.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** A Graph API refusal, carrying Meta's code and subcode so each channel can put it in plain words. */
export class GraphError extends Error {
  readonly status: number;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  readonly details: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(
    message: string,
    o: { status: number; code?: number; subcode?: number; type?: string; details?: string; fbtraceId?: string; retryAfterSeconds?: number },
  ) {
    super(message);
    this.status = o.status;
    this.code = o.code;
    this.subcode = o.subcode;
    this.type = o.type;
    this.details = o.details;
    this.fbtraceId = o.fbtraceId;
    this.retryAfterSeconds = o.retryAfterSeconds;
  }
}

export function parseGraphError(status: number, json: unknown, text: string, retryAfter: string | null): GraphError {
  const parsed = graphErrorBody.safeParse(json);
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  if (!parsed.success) {
    const excerpt = text.replace(/\s+/g, " ").trim().slice(0, 200);
    return new GraphError(`Meta answered HTTP ${status}${excerpt ? `: ${excerpt}` : ""}`, { status, retryAfterSeconds });
  }
  const e = parsed.data.error;
  return new GraphError(e.message || `Meta answered HTTP ${status}`, {
    status,
    code: e.code,
    subcode: e.error_subcode,
    type: e.type,
    details: e.error_data?.details,
    fbtraceId: e.fbtrace_id,
    retryAfterSeconds,
  });
}

/** Throttling codes across the Graph API (app, user, page, WhatsApp account and pair rate limits). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80006, 80007, 130429, 131056]);
/** "Temporary" / "unknown" server-side errors Meta itself says to retry. */
const TEMPORARY_CODES = new Set([1, 2, 131000, 131016]);

export const isRateLimit = (e: GraphError) => e.code !== undefined && RATE_LIMIT_CODES.has(e.code);
export const isTemporary = (e: GraphError) => e.code !== undefined && TEMPORARY_CODES.has(e.code);

/** Rejected token (190: expired, revoked, password changed), missing permission (10/200-299 without a window subcode) or a wrong app secret. */
export function isCredentialProblem(e: GraphError): boolean {
  if (e.code === 190 || e.code === 102) return true;
  if (e.code !== undefined && e.code >= 200 && e.code <= 299) return true;
  return e.code === 100 && /appsecret_proof/i.test(e.message);
}
