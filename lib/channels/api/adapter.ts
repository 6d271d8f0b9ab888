import "server-only";
import { z } from "zod";
import { safeFetch, UnsafeUrlError, assertPublicUrl } from "@/lib/http/safe-fetch";
import { randomToken, safeEqual } from "@/lib/security/crypto";
import { defineChannel } from "../define";
import type { ChannelEvent, IngestedMessage, WebhookAnswer } from "../types";
import { PermanentDeliveryError } from "../types";
import { MAX_SKEW_SECONDS, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./signature";

const callbackUrl = z
  .url({ protocol: /^https?$/, message: "Enter a full http(s) URL, e.g. https://example.com/konversio" })
  .max(2000);

const inputSchema = z.object({
  callbackUrl: z.union([callbackUrl, z.literal("")]).optional(),
});

const configSchema = z.object({ callbackUrl: z.string().optional() });
const secretsSchema = z.object({});
type Generated = { hmacToken: string; webhookSecret: string };

const inboundSchema = z.object({
  contact: z.object({
    sourceId: z.string().trim().min(1).max(255),
    name: z.string().trim().max(255).optional(),
    email: z.email().max(320).optional(),
    phone: z.string().trim().max(64).optional(),
  }),
  message: z.object({
    sourceId: z.string().trim().min(1).max(255),
    content: z.string().min(1).max(20_000),
  }),
});

async function post(url: string, secret: string, payload: ChannelEvent): Promise<void> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  let res: Response;
  try {
    res = await safeFetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Konversio-Webhooks/1",
        [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
      },
      body,
    });
  } catch (e) {
    if (e instanceof UnsafeUrlError) throw new PermanentDeliveryError(`Callback URL refused: ${e.message}`, { inbox: true });
    const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    throw new Error(`Callback unreachable: ${reason}`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 300);
    const msg = `Callback answered HTTP ${res.status}${text ? `: ${text}` : ""}`;
    // A 4xx other than throttling is the integrator saying no; retrying will not change it.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentDeliveryError(msg, { inbox: true });
    throw new Error(msg);
  }
}

/** 201 with the ids of a new message, 200 with the same ids for a repeated `message.sourceId`. */
function answerWithIds(results: readonly IngestedMessage[]): WebhookAnswer {
  const first = results[0];
  if (!first) return { status: 200, body: {} };
  return { status: first.created ? 201 : 200, body: { conversationId: first.conversationId, messageId: first.messageId } };
}

export const apiAdapter = defineChannel({
  type: "api",
  inputSchema,
  configSchema,
  secretsSchema,
  generate: (): Generated => ({ hmacToken: randomToken(24), webhookSecret: randomToken(24) }),
  regenerable: ["hmacToken", "webhookSecret"],

  async checkCredentials(config) {
    if (!config.callbackUrl) return { ok: true };
    try {
      await assertPublicUrl(config.callbackUrl);
      return { ok: true };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : "Invalid callback URL" };
    }
  },

  webhook: {
    verify(req, inbox) {
      const signature = req.headers.get(SIGNATURE_HEADER);
      const timestamp = req.headers.get(TIMESTAMP_HEADER);
      if (!signature || !timestamp) return { ok: false, message: "Missing X-Konversio-Signature or X-Konversio-Timestamp" };
      const ts = Number(timestamp);
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - ts) > MAX_SKEW_SECONDS) {
        return { ok: false, message: "X-Konversio-Timestamp is missing, malformed or more than 5 minutes off" };
      }
      const expected = signBody(inbox.generated.hmacToken, timestamp, req.body);
      return safeEqual(signature, expected) ? { ok: true } : { ok: false, message: "Signature does not match" };
    },

    parse(req) {
      let json: unknown;
      try {
        json = JSON.parse(req.body.toString("utf8"));
      } catch {
        return { ok: false, issues: ["Body is not valid JSON"] };
      }
      const parsed = inboundSchema.safeParse(json);
      if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
      const { contact, message } = parsed.data;
      return { ok: true, events: [{ type: "message", contact, message }] };
    },
    // An integrator can fix its call: it gets the issues, and the ids of what it stored.
    unparseable: "reject",
    answer: answerWithIds,
  },

  async send(message, inbox) {
    if (inbox.config.callbackUrl) {
      await post(inbox.config.callbackUrl, inbox.generated.webhookSecret, {
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
    await post(inbox.config.callbackUrl, inbox.generated.webhookSecret, event);
  },
});
