import "server-only";
import { randomToken } from "@/lib/security/crypto";
import { defineChannel } from "../define";
import type { IngestedMessage, WebhookAnswer } from "../types";
import { checkCallbackUrl } from "./check";
import { postCallback } from "./client";
import { parseApiMessage } from "./parse";
import { apiConfigSchema, apiInputSchema, apiSecretsSchema, type ApiGenerated } from "./schema";
import { verifyApiSignature } from "./signature";

/** 201 with the ids of a new message, 200 with the same ids for a repeated `message.sourceId`. */
function answerWithIds(results: readonly IngestedMessage[]): WebhookAnswer {
  const first = results[0];
  if (!first) return { status: 200, body: {} };
  return { status: first.created ? 201 : 200, body: { conversationId: first.conversationId, messageId: first.messageId } };
}

/**
 * The api channel: an integrator posts signed messages to the webhook URL and receives replies and
 * conversation changes at its callback URL (if it set one), signed with the webhook secret.
 */
export const apiAdapter = defineChannel({
  type: "api",
  inputSchema: apiInputSchema,
  configSchema: apiConfigSchema,
  secretsSchema: apiSecretsSchema,
  generate: (): ApiGenerated => ({ hmacToken: randomToken(24), webhookSecret: randomToken(24) }),
  regenerable: ["hmacToken", "webhookSecret"],

  checkCredentials: checkCallbackUrl,

  webhook: {
    verify: (req, inbox) => verifyApiSignature(req, inbox.generated.hmacToken),
    parse: parseApiMessage,
    // An integrator can fix its call: it gets the issues, and the ids of what it stored.
    unparseable: "reject",
    answer: answerWithIds,
  },

  // The callback carries the reply's id as the event id: the integrator drops a repeat.
  resendIsHarmless: true,
  async send(message, inbox) {
    if (inbox.config.callbackUrl) {
      await postCallback(inbox.config.callbackUrl, inbox.generated.webhookSecret, {
        event: "message.created",
        id: message.id,
        createdAt: new Date().toISOString(),
        data: {
          id: message.id,
          conversationId: message.conversationId,
          kind: "outgoing",
          content: message.content,
          // Signed links that expire after a day: the integrator holds no session to fetch them with.
          attachments: message.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.size, url: a.publicUrl })),
          sender: message.sender,
          contact: { id: message.contact.id, sourceId: message.contact.sourceId },
          createdAt: message.createdAt.toISOString(),
        },
      });
    }
    return { sourceId: `konversio:${message.id}` };
  },

  wantsEvents: (inbox) => Boolean(inbox.config.callbackUrl),

  async notify(event, inbox) {
    if (!inbox.config.callbackUrl) return;
    await postCallback(inbox.config.callbackUrl, inbox.generated.webhookSecret, event);
  },
});
