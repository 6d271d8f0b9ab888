import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { setupTestDb } from "@/e2e/support/db";
import { makeTelegramInbox, messageUpdate, postUpdate, setupTelegramFake, type TelegramTestInbox } from "@/e2e/support/channels/telegram";
import { CLAIM_STALE_MS, HEARTBEAT_MS, INTERRUPTED_SEND, systemKeepClaimAlive } from "./delivery-claim";
import { deliverMessage, DeliveryBusy } from "./delivery";
import { createMessage, resendMessage } from "./reply";

/*
 * A reply is never sent twice because an attempt died or overlapped another (issue: a reply
 * interrupted by a crash was delivered a second time when its job expired). The claim columns are
 * set by hand to stand for an attempt elsewhere: live (fresh heartbeat) or dead (stale heartbeat).
 */

const t = setupTestDb();
const { fake } = setupTelegramFake();

const row = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0]!;

/** Pretends another attempt holds the reply, with its last heartbeat `agoMs` ago. */
async function claimedElsewhere(id: string, agoMs: number) {
  await t.db.execute(sql`update messages set sending_by = gen_random_uuid()::text, sending_heartbeat_at = now() - make_interval(secs => ${agoMs / 1000}) where id = ${id}`);
}

describe("a reply held by another delivery attempt", () => {
  let admin: Actor;
  let inbox: TelegramTestInbox;
  let conversationId: string;
  const reply = (content: string) => createMessage(t.db, admin, conversationId, { content });

  beforeAll(async () => {
    admin = await t.admin();
    inbox = await makeTelegramInbox(t.db, admin, fake, "Claims");
    await postUpdate(t.db, inbox, messageUpdate({ text: "Hello?" }, { messageId: 41 }));
    conversationId = (await t.db.select().from(messages).where(eq(messages.inboxId, inbox.id)))[0]!.conversationId;
  });
  beforeEach(() => fake.reset());

  it("steps back while that attempt is alive: no second call, still pending, retried later without counting an attempt", async () => {
    const r = await reply("Only once, please");
    await claimedElsewhere(r.id, 1_000);
    const e = await deliverMessage(t.db, r.id, { finalAttempt: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeliveryBusy);
    expect((e as DeliveryBusy).retryAfterSeconds).toBe(CLAIM_STALE_MS / 1000);
    expect(fake.calls("sendMessage")).toHaveLength(0);
    expect((await row(r.id)).status).toBe("pending");
  });

  it("does not send again after an attempt died mid-send on Telegram: failed, in words that say it may have gone out", async () => {
    const r = await reply("Were you charged twice?");
    await claimedElsewhere(r.id, CLAIM_STALE_MS + 5_000);
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(fake.calls("sendMessage")).toHaveLength(0);
    const m = await row(r.id);
    expect(m).toMatchObject({ status: "failed", error: INTERRUPTED_SEND, sendingBy: null, sendingHeartbeatAt: null });

    // The agent decides: Resend sends it (once), and the claim is gone afterwards.
    await resendMessage(t.db, admin, conversationId, r.id);
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(fake.calls("sendMessage")).toHaveLength(1);
    expect(await row(r.id)).toMatchObject({ status: "sent", error: null, sendingBy: null });
  });

  it("a database error after the provider accepted the reply is not a failed send: no second copy", async () => {
    const r = await reply("Recorded later");
    // The database refuses to record "sent" for this one reply, as an outage at that moment would.
    await t.db.execute(sql.raw(`
      create or replace function refuse_sent() returns trigger language plpgsql as $$
      begin if new.status = 'sent' and new.id = '${r.id}' then raise exception 'database went away'; end if; return new; end $$;
      create trigger refuse_sent before update on messages for each row execute function refuse_sent();`));
    try {
      await expect(deliverMessage(t.db, r.id, { finalAttempt: false })).rejects.toThrow();
    } finally {
      await t.db.execute(sql.raw("drop trigger refuse_sent on messages; drop function refuse_sent();"));
    }
    expect(fake.calls("sendMessage")).toHaveLength(1);
    const left = await row(r.id);
    expect(left.status).toBe("pending");
    expect(left.sendingBy, "the claim stays: the send's outcome is unknown to the next attempt").not.toBeNull();
    // The next attempt, once the claim is stale, does not send it again.
    await t.db.execute(sql`update messages set sending_heartbeat_at = now() - make_interval(secs => ${CLAIM_STALE_MS / 1000 + 5}) where id = ${r.id}`);
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(fake.calls("sendMessage")).toHaveLength(1);
    expect(await row(r.id)).toMatchObject({ status: "failed", error: INTERRUPTED_SEND });
  });

  it("a stuck attempt stops renewing its claim after the longest an attempt may take", async () => {
    const r = await reply("Stuck");
    await t.db.execute(sql`update messages set sending_by = 'stuck-attempt', sending_heartbeat_at = now() - interval '1 minute' where id = ${r.id}`);
    const alive = systemKeepClaimAlive(t.db, r.id, "stuck-attempt", 0);
    await new Promise((done) => setTimeout(done, HEARTBEAT_MS + 700));
    alive.stop();
    const age = await t.db.execute<{ age: number }>(sql`select extract(epoch from now() - sending_heartbeat_at) as age from messages where id = ${r.id}`);
    expect(Number(age.rows[0]!.age)).toBeGreaterThan(60);
  }, 20_000);

  it("two attempts at once: exactly one provider call", async () => {
    fake.delay({ match: "sendMessage", ms: 2_000 }); // long enough that the second attempt always finds the first one sending
    const r = await reply("Racing");
    const results = await Promise.allSettled([deliverMessage(t.db, r.id, { finalAttempt: false }), deliverMessage(t.db, r.id, { finalAttempt: false })]);
    expect(fake.calls("sendMessage")).toHaveLength(1);
    expect(results.filter((x) => x.status === "rejected").map((x) => (x as PromiseRejectedResult).reason)).toEqual([expect.any(DeliveryBusy)]);
    expect((await row(r.id)).status).toBe("sent");
  });

  it("keeps its own claim alive while a slow provider call runs", async () => {
    fake.delay({ match: "sendMessage", ms: HEARTBEAT_MS * 2 + 500 });
    const r = await reply("Slow network");
    const sending = deliverMessage(t.db, r.id, { finalAttempt: false });
    await new Promise((done) => setTimeout(done, HEARTBEAT_MS * 2 + 100));
    const during = await t.db.execute<{ age: number }>(sql`select extract(epoch from now() - sending_heartbeat_at) * 1000 as age from messages where id = ${r.id}`);
    expect(Number(during.rows[0]!.age)).toBeLessThan(HEARTBEAT_MS + 1_000);
    await sending;
    expect(await row(r.id)).toMatchObject({ status: "sent", sendingBy: null, sendingHeartbeatAt: null });
  }, 30_000);
});

describe("an interrupted send where a repeat is harmless", () => {
  let server: Server;
  let url = "";
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(body);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("the api channel sends it again with the same event id, so the integrator can drop the repeat", async () => {
    const admin = await t.admin();
    const inbox = await t.makeApiInbox({ callbackUrl: url });
    const { conversationId } = await t.incoming(inbox, { contact: "claim-user", content: "hi" });
    const r = await createMessage(t.db, admin, conversationId, { content: "Sent again safely" });
    await claimedElsewhere(r.id, CLAIM_STALE_MS + 5_000);
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(received.map((b) => JSON.parse(b).id)).toEqual([r.id]);
    expect((await row(r.id)).status).toBe("sent");
  });
});
