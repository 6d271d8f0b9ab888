import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { inboxes } from "@/db/schema";
import { FAKE_BOT_TOKEN, FAKE_BOT_TOKEN_2, FAKE_BOT_TOKEN_ROTATED } from "@/e2e/fakes/telegram";
import { AppError } from "@/lib/errors";
import { createInbox } from "@/lib/inboxes/create";
import { deleteInbox } from "@/lib/inboxes/delete";
import { getInbox } from "@/lib/inboxes/queries";
import { updateInbox } from "@/lib/inboxes/update";
import { decryptJson } from "@/lib/security/crypto";
import { setupTestDb } from "@/e2e/support/db";
import { addBot, postUpdate, setupTelegramFake } from "@/e2e/support/channels/telegram";
import { messageUpdate } from "@/e2e/fakes/telegram";

const t = setupTestDb();
const { fake } = setupTelegramFake();

async function inboxCount() {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(inboxes);
  return r!.n;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const row = async (id: string) => (await t.db.select().from(inboxes).where(eq(inboxes.id, id)))[0]!;

beforeEach(() => fake.reset());

describe("creating a Telegram inbox", () => {
  it("checks the token with getMe, registers the webhook with a secret token, and keeps the bot's @username", async () => {
    const admin = await t.admin();
    const inbox = await createInbox(t.db, admin, { name: "Support bot", channel: { type: "telegram", botToken: FAKE_BOT_TOKEN } });

    expect(fake.calls().map((r) => r.path)).toEqual([`/bot${FAKE_BOT_TOKEN}/getMe`, `/bot${FAKE_BOT_TOKEN}/setWebhook`]);
    const set = fake.calls("setWebhook")[0]!;
    const body = set.json as { url: string; secret_token: string; allowed_updates: string[] };
    expect(body.url).toBe(inbox.webhookUrl);
    expect(body.url).toMatch(/^http:\/\/localhost:3999\/api\/webhooks\/telegram\/[\w-]+$/);
    expect(body.secret_token).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(body.allowed_updates).toEqual(["message", "edited_message"]);

    const stored = await row(inbox.id);
    expect(stored.channelKey).toBe("telegram:7000001");
    expect(stored.config).toEqual({ botUsername: "acme_support_bot" });
    expect(decryptJson<Record<string, string>>(stored.generated!).secretToken).toBe(body.secret_token);
    // The token is masked; the secret token is for Telegram only and never leaves in an API answer.
    const seen = await getInbox(t.db, admin, inbox.id);
    expect(seen.credentials).toEqual({ botToken: `••••${FAKE_BOT_TOKEN.slice(-4)}` });
    expect(JSON.stringify(seen)).not.toContain(body.secret_token);
    expect(JSON.stringify(seen)).not.toContain(FAKE_BOT_TOKEN);
    await deleteInbox(t.db, admin, inbox.id);
  });

  it("refuses a token Telegram does not know with Telegram's words, creating nothing and registering nothing", async () => {
    const before = await inboxCount();
    const e = await rejection(
      createInbox(t.db, await t.admin(), { name: "Wrong", channel: { type: "telegram", botToken: "7999999:AAThisTokenWasNeverIssuedByBotFather" } }),
    );
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toContain("Unauthorized");
    expect(e.message).toContain("@BotFather");
    expect(await inboxCount()).toBe(before);
    expect(fake.calls("setWebhook")).toHaveLength(0);
  });

  it("refuses a malformed token before asking Telegram", async () => {
    const e = await rejection(createInbox(t.db, await t.admin(), { name: "Typo", channel: { type: "telegram", botToken: "not a token" } }));
    expect(e.code).toBe("validation");
    expect(e.fieldErrors?.["channel.botToken"]?.[0]).toMatch(/BotFather/);
    expect(fake.calls()).toHaveLength(0);
  });

  it("creates nothing when Telegram refuses the webhook, and says why", async () => {
    const before = await inboxCount();
    fake.fail({ match: "setWebhook", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook" } });
    const e = await rejection(createInbox(t.db, await t.admin(), { name: "No https", channel: { type: "telegram", botToken: FAKE_BOT_TOKEN } }));
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toBe("Telegram refused to register the webhook: Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
    expect(await inboxCount()).toBe(before);
  });

  it("creates nothing when Telegram is down, and says so", async () => {
    const before = await inboxCount();
    fake.fail({ match: "getMe", status: 502, body: "<html>Bad Gateway</html>" });
    const e = await rejection(createInbox(t.db, await t.admin(), { name: "Down", channel: { type: "telegram", botToken: FAKE_BOT_TOKEN } }));
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toMatch(/Telegram answered HTTP 502/);
    expect(await inboxCount()).toBe(before);
  });

  it("refuses a second inbox for a bot that is already connected (409)", async () => {
    const admin = await t.admin();
    const bot = addBot(fake);
    const first = await createInbox(t.db, admin, { name: "First", channel: { type: "telegram", botToken: bot.token } });
    const e = await rejection(createInbox(t.db, admin, { name: "Second", channel: { type: "telegram", botToken: bot.token } }));
    expect(e.code).toBe("conflict");
    // The first inbox keeps the webhook.
    expect(fake.state.webhooks[bot.id]!.url).toBe(first.webhookUrl);
  });
});

describe("changing and deleting a Telegram inbox", () => {
  it("a token for another bot re-checks it, moves the webhook and updates the @username", async () => {
    const admin = await t.admin();
    const inbox = await createInbox(t.db, admin, { name: "Moving bot", channel: { type: "telegram", botToken: FAKE_BOT_TOKEN } });
    const secret = fake.state.webhooks[7000001]!.secret_token!;
    fake.reset();

    await updateInbox(t.db, admin, inbox.id, { channel: { botToken: FAKE_BOT_TOKEN_2 } });
    expect(fake.calls().map((r) => r.path)).toEqual([
      `/bot${FAKE_BOT_TOKEN_2}/getMe`,
      `/bot${FAKE_BOT_TOKEN}/deleteWebhook`,
      `/bot${FAKE_BOT_TOKEN_2}/setWebhook`,
    ]);
    expect(fake.state.webhooks[7000001]).toBeUndefined();
    expect(fake.state.webhooks[7000002]).toMatchObject({ url: inbox.webhookUrl, secret_token: secret });
    const stored = await row(inbox.id);
    expect(stored.channelKey).toBe("telegram:7000002");
    expect(stored.config).toEqual({ botUsername: "acme_sales_bot" });
    await deleteInbox(t.db, admin, inbox.id);
  });

  it("a rotated token for the same bot re-registers without touching the revoked one", async () => {
    const admin = await t.admin();
    const inbox = await createInbox(t.db, admin, { name: "Rotating bot", channel: { type: "telegram", botToken: FAKE_BOT_TOKEN } });
    fake.reset();
    await updateInbox(t.db, admin, inbox.id, { channel: { botToken: FAKE_BOT_TOKEN_ROTATED } });
    expect(fake.calls().map((r) => r.path)).toEqual([`/bot${FAKE_BOT_TOKEN_ROTATED}/getMe`, `/bot${FAKE_BOT_TOKEN_ROTATED}/setWebhook`]);
    // An empty token field keeps the stored one: nothing changes, nothing is asked.
    fake.reset();
    await updateInbox(t.db, admin, inbox.id, { channel: { botToken: "" } });
    expect(fake.calls()).toHaveLength(0);
    await deleteInbox(t.db, admin, inbox.id);
  });

  it("a wrong new token is refused with Telegram's words and the old one keeps working", async () => {
    const admin = await t.admin();
    const bot = addBot(fake);
    const inbox = await createInbox(t.db, admin, { name: "Keeps token", channel: { type: "telegram", botToken: bot.token } });
    const e = await rejection(updateInbox(t.db, admin, inbox.id, { channel: { botToken: "7999998:AAAnotherTokenNobodyEverIssued_x" } }));
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toContain("Unauthorized");
    expect(decryptJson<{ botToken: string }>((await row(inbox.id)).secrets!).botToken).toBe(bot.token);
    expect(fake.state.webhooks[bot.id]!.url).toBe(inbox.webhookUrl);
  });

  it("deleting removes the webhook at Telegram; later updates are refused with 410", async () => {
    const admin = await t.admin();
    const bot = addBot(fake);
    const inbox = await createInbox(t.db, admin, { name: "Short-lived", channel: { type: "telegram", botToken: bot.token } });
    const secret = fake.state.webhooks[bot.id]!.secret_token!;
    await deleteInbox(t.db, admin, inbox.id);
    expect(fake.calls(`/bot${bot.token}/deleteWebhook`)).toHaveLength(1);
    expect(fake.state.webhooks[bot.id]).toBeUndefined();
    const res = await postUpdate(t.db, { publicId: inbox.webhookUrl!.split("/").pop()!, secret }, messageUpdate({ text: "anyone?" }));
    expect(res.status).toBe(410);
  });

  it("deleting still succeeds when Telegram cannot be reached", async () => {
    const admin = await t.admin();
    const bot = addBot(fake);
    const inbox = await createInbox(t.db, admin, { name: "Offline delete", channel: { type: "telegram", botToken: bot.token } });
    fake.fail({ match: "deleteWebhook", status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } });
    await deleteInbox(t.db, admin, inbox.id);
    expect((await row(inbox.id)).deletedAt).not.toBeNull();
  });
});
