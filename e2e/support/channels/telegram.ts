import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/db/client";
import { createTelegramFake, messageUpdate, type TelegramFakeState } from "../../fakes/telegram";
import type { FakeProvider } from "../../fakes/base";
import type { Actor } from "@/lib/access/actor";
import { receiveWebhook } from "@/lib/channels/receive";
import type { RawRequest } from "@/lib/channels/types";
import { createInbox } from "@/lib/inboxes/create";
import type { ApiInbox } from "@/lib/inboxes/serialize";
import { SECRET_HEADER } from "@/lib/channels/telegram/signature";

/* Test helpers for the Telegram integration tests: the fake Bot API in-process, bots, inboxes and signed updates. */

export type Fake = FakeProvider<TelegramFakeState>;

/** Starts a fake Bot API for this test file and points the app at it. */
export function setupTelegramFake(): { readonly fake: Fake } {
  const fake = createTelegramFake();
  beforeAll(async () => {
    process.env.TELEGRAM_API_URL = await fake.start();
  });
  afterAll(() => fake.close());
  return { fake };
}

let botSeq = 7_100_000;

/** A new bot the fake accepts: its numeric id and token. */
export function addBot(fake: Fake, name = "Test bot") {
  const id = ++botSeq;
  const token = `${id}:AA${randomBytes(16).toString("hex")}`;
  fake.state.bots[token] = { id, first_name: name, username: `test${id}_bot` };
  return { id, token };
}

export type TelegramTestInbox = ApiInbox & { publicId: string; bot: { id: number; token: string }; secret: string };

/** Creates a Telegram inbox through the real createInbox (getMe + setWebhook against the fake). */
export async function makeTelegramInbox(db: Db, admin: Actor, fake: Fake, name = "Telegram support"): Promise<TelegramTestInbox> {
  const bot = addBot(fake, name);
  const inbox = await createInbox(db, admin, { name, channel: { type: "telegram", botToken: bot.token } });
  const hook = fake.state.webhooks[bot.id]!;
  return { ...inbox, publicId: inbox.webhookUrl!.split("/").pop()!, bot, secret: hook.secret_token! };
}

/** A webhook request as Telegram sends it: JSON body and the secret token header (unless left out). */
export function telegramRequest(body: unknown, secret: string | null): Omit<RawRequest, "url"> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const headers = new Headers({ "content-type": "application/json" });
  if (secret !== null) headers.set(SECRET_HEADER, secret);
  return { method: "POST", headers, query: new URLSearchParams(), body: raw };
}

/** Delivers an update to an inbox through the real webhook pipeline. */
export function postUpdate(db: Db, inbox: Pick<TelegramTestInbox, "publicId" | "secret">, body: unknown, secret: string | null = inbox.secret) {
  return receiveWebhook(db, "telegram", inbox.publicId, telegramRequest(body, secret));
}

export { messageUpdate };
