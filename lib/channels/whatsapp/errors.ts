import "server-only";
import { GraphError, isCredentialProblem, isRateLimit, isTemporary } from "../meta/errors";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";

export const WINDOW_CLOSED =
  "More than 24 hours have passed since the customer last wrote, so WhatsApp only allows a template message.";

/** WhatsApp error codes an agent can act on, in their words rather than Meta's. */
const PLAIN: Record<number, string> = {
  131047: WINDOW_CLOSED,
  131026:
    "WhatsApp could not deliver this message: the number may not use WhatsApp, or the customer has not accepted WhatsApp's latest terms or uses an outdated app.",
  131030: "This number is not on the test number's list of allowed recipients. Add it in the Meta developer dashboard (WhatsApp → API Setup).",
  131049: "WhatsApp chose not to deliver this message to keep customers' experience healthy. Try again later or with a template.",
  131050: "The customer has stopped marketing messages from this business.",
  131051: "WhatsApp does not support this kind of message.",
  131052: "WhatsApp could not download the customer's file.",
  131053: "WhatsApp could not accept the attached file: check its type and size (images: JPEG or PNG up to 5 MB; documents up to 100 MB).",
  131031: "The WhatsApp Business account is locked by Meta. See Business Support in Meta Business Suite.",
  131042: "WhatsApp refused the message because of a payment problem on the WhatsApp Business account.",
  368: "Meta temporarily blocked this account from sending for a policy violation.",
};

/** The agent-facing reason for a WhatsApp error (from a send or from a `failed` status). */
export function whatsappReason(code: number | undefined, text: { title?: string; message?: string; details?: string }): string {
  if (code !== undefined && PLAIN[code]) return PLAIN[code]!;
  const what = [text.details, text.message, text.title].find((s) => s && s.trim());
  return `WhatsApp could not deliver this message: ${what ?? "no reason given"}${code ? ` (error ${code})` : ""}`;
}

/** Turns a Graph refusal of a send into the delivery error the job understands. */
export function classifyWhatsappError(e: unknown): Error {
  if (!(e instanceof GraphError)) return e instanceof Error ? e : new Error(String(e));
  if (isRateLimit(e)) return new TransientDeliveryError(`WhatsApp is rate limiting this number: ${e.message}`, { retryAfterSeconds: e.retryAfterSeconds ?? 60 });
  if (isTemporary(e)) return new TransientDeliveryError(`WhatsApp had a temporary problem: ${e.message}`, { retryAfterSeconds: e.retryAfterSeconds });
  if (isCredentialProblem(e) || e.code === 131031) {
    return new PermanentDeliveryError(
      e.code === 131031 ? PLAIN[131031]! : `Meta rejected this inbox's access token: ${e.message}. Enter a valid token on the inbox's Configuration tab.`,
      { credentials: true },
    );
  }
  return new PermanentDeliveryError(whatsappReason(e.code, { message: e.message, details: e.details }));
}
