import "server-only";
import { z } from "zod";
import { randomToken } from "@/lib/security/crypto";
import { defineChannel } from "../define";
import { websiteInputSchema } from "./schema";

type Generated = { hmacToken: string };

/**
 * The website live-chat widget. Visitors talk to /api/widget/* (lib/widget), never to the webhook
 * pipeline (no webhook half, so no webhook URL); an agent's reply is delivered by the realtime
 * push to the visitor's open widget, so "sending" only acknowledges that the message is stored
 * and visible to the visitor.
 */
export const websiteAdapter = defineChannel({
  type: "website",
  inputSchema: websiteInputSchema,
  secretFields: [],
  configSchema: websiteInputSchema,
  secretsSchema: z.object({}),
  // The HMAC token verifies `identifierHash` from the site's backend (identity verification).
  generate: (): Generated => ({ hmacToken: randomToken(24) }),
  regenerable: ["hmacToken"],

  async checkCredentials(config) {
    // Nothing to ask a provider: the widget works wherever the embed code is pasted.
    const parsed = websiteInputSchema.shape.websiteUrl.safeParse(config.websiteUrl);
    return parsed.success ? { ok: true } : { ok: false, message: parsed.error.issues[0]?.message ?? "Enter a full http(s) URL" };
  },

  // Nothing leaves Konversio: the widget reads the reply from our own database.
  resendIsHarmless: true,
  async send(message) {
    return { sourceId: `konversio:${message.id}` };
  },
});
