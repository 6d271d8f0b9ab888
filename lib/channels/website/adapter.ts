import "server-only";
import { z } from "zod";
import { randomToken } from "@/lib/security/crypto";
import type { ChannelAdapter } from "../types";
import { websiteInputSchema, type WebsiteConfig } from "./schema";

type Generated = { hmacToken: string };

const NOT_A_WEBHOOK = "Website inboxes receive messages through the widget API (/api/widget/…), not through a webhook";

/**
 * The website live-chat widget. Visitors talk to /api/widget/* (lib/widget), never to the webhook
 * pipeline; an agent's reply is delivered by the realtime push to the visitor's open widget, so
 * "sending" only acknowledges that the message is stored and visible to the visitor.
 */
export const websiteAdapter: ChannelAdapter<WebsiteConfig, Record<string, never>, Generated> = {
  type: "website",
  usesWebhook: false,
  inputSchema: websiteInputSchema,
  secretFields: [],
  configSchema: websiteInputSchema,
  secretsSchema: z.object({}) as unknown as z.ZodType<Record<string, never>>,
  // The HMAC token verifies `identifierHash` from the site's backend (identity verification).
  generate: () => ({ hmacToken: randomToken(24) }),
  regenerable: ["hmacToken"],

  async checkCredentials(config) {
    // Nothing to ask a provider: the widget works wherever the embed code is pasted.
    const parsed = websiteInputSchema.shape.websiteUrl.safeParse(config.websiteUrl);
    return parsed.success ? { ok: true } : { ok: false, message: parsed.error.issues[0]?.message ?? "Enter a full http(s) URL" };
  },

  verifyRequest: () => ({ ok: false, message: NOT_A_WEBHOOK }),
  parseInbound: () => ({ ok: false, issues: [NOT_A_WEBHOOK] }),

  async send(message) {
    return { sourceId: `konversio:${message.id}` };
  },
};
