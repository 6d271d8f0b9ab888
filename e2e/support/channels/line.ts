import { afterAll, beforeAll, beforeEach } from "vitest";
import { createLineFake, LINE_SECRET, LINE_TOKEN, lineFakeState, lineSignature, lineWebhookBody, type LineFakeState } from "../../fakes/line";
import type { FakeProvider } from "../../fakes/base";
import { receiveWebhook } from "@/lib/channels/receive";
import { createInbox } from "@/lib/inboxes/create";
import type { TestDb } from "../db";

/** The LINE fake for one test file, started in-process; LINE_API_URL points the adapter at it. */
export function setupLineFake(): { fake: FakeProvider<LineFakeState> } {
  const holder = { fake: createLineFake() };
  let previous: string | undefined;
  beforeAll(async () => {
    previous = process.env.LINE_API_URL;
    process.env.LINE_API_URL = await holder.fake.start();
  });
  afterAll(async () => {
    await holder.fake.close();
    if (previous === undefined) delete process.env.LINE_API_URL;
    else process.env.LINE_API_URL = previous;
  });
  beforeEach(() => {
    holder.fake.reset();
    // Keep what earlier tests registered (tokens of inboxes made in beforeAll), drop the rest.
    const { tokens, profiles } = holder.fake.state;
    holder.fake.state = { ...lineFakeState(), tokens, profiles };
  });
  return holder;
}

export type TestLineInbox = {
  id: string;
  name: string;
  status: string;
  webhookUrl: string;
  config: { channelId: string; botUserId: string; basicId?: string; botName?: string };
  credentials: Record<string, string | null>;
};

export async function makeLineInbox(t: TestDb, input: { name?: string; token?: string; secret?: string; channelId?: string } = {}) {
  const inbox = await createInbox(t.db, await t.admin(), {
    name: input.name ?? `LINE ${t.unique()}`,
    channel: {
      type: "line",
      channelId: input.channelId ?? "1234567890",
      channelSecret: input.secret ?? LINE_SECRET,
      channelAccessToken: input.token ?? LINE_TOKEN,
    },
  });
  return inbox as unknown as TestLineInbox;
}

export const publicIdOf = (inbox: { webhookUrl: string }) => inbox.webhookUrl.split("/").pop()!;

/** Delivers a webhook body through the real pipeline, signed with `secret` (or unsigned / with a given signature). */
export function postLine(
  t: TestDb,
  inbox: { webhookUrl: string },
  body: string | Buffer,
  opts: { secret?: string; signature?: string | null } = {},
) {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  const signature = opts.signature === undefined ? lineSignature(opts.secret ?? LINE_SECRET, raw) : opts.signature;
  if (signature !== null) headers.set("x-line-signature", signature);
  return receiveWebhook(t.db, "line", publicIdOf(inbox), { method: "POST", headers, query: new URLSearchParams(), body: raw });
}

export const webhook = (inbox: { config: { botUserId: string } }, events: unknown[]) => lineWebhookBody(inbox.config.botUserId, events);
