import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inboxes } from "@/db/schema";
import { LINE_BOT, LINE_ERRORS, LINE_SECRET, LINE_TOKEN, lineMessageEvent, lineMessageId, lineUserId } from "@/e2e/fakes/line";
import { createInbox } from "@/lib/inboxes/create";
import { deleteInbox } from "@/lib/inboxes/delete";
import { updateInbox } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import { makeLineInbox, postLine, setupLineFake, webhook } from "@/e2e/support/channels/line";

const t = setupTestDb();
const line = setupLineFake();

async function inboxCount() {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(inboxes);
  return r!.n;
}

const OTHER_BOT = { userId: "U" + "c1".repeat(16), basicId: "@otherbot", displayName: "Other Bot" };

describe("LINE credentials", () => {
  it("creates an inbox after LINE confirms the token, keyed by the bot's user id", async () => {
    const inbox = await makeLineInbox(t, { name: "LINE main" });
    const [call] = line.fake.calls("GET /v2/bot/info");
    expect(call!.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);
    expect(inbox).toMatchObject({
      channelType: "line",
      status: "active",
      config: { channelId: "1234567890", botUserId: LINE_BOT.userId, basicId: LINE_BOT.basicId, botName: LINE_BOT.displayName },
      credentials: { channelSecret: `••••${LINE_SECRET.slice(-4)}`, channelAccessToken: `••••${LINE_TOKEN.slice(-4)}` },
    });
    expect(inbox.webhookUrl).toMatch(/\/api\/webhooks\/line\/[\w-]+$/);
    // Secrets never appear in the config or anywhere else in the answer.
    expect(JSON.stringify(inbox)).not.toContain(LINE_TOKEN);
    expect(JSON.stringify(inbox)).not.toContain(LINE_SECRET);
    const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(row!.channelKey).toBe(`line:${LINE_BOT.userId}`);

    // The same LINE channel cannot be attached twice.
    await expect(makeLineInbox(t)).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a wrong token with LINE's own message and creates nothing", async () => {
    const before = await inboxCount();
    await expect(makeLineInbox(t, { token: "not-a-valid-token" })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: LINE_ERRORS.invalidToken.message,
    });
    line.fake.fail({ match: "/v2/bot/info", status: 500, body: { message: "Internal server error" } });
    await expect(makeLineInbox(t)).rejects.toMatchObject({ code: "credentials_rejected", message: expect.stringMatching(/could not check.*HTTP 500.*Try again/) });
    expect(await inboxCount()).toBe(before);
  });

  it("checks the fields before asking LINE", async () => {
    const admin = await t.admin();
    await expect(
      createInbox(t.db, admin, { name: "x", channel: { type: "line", channelId: "abc", channelSecret: "not hex!", channelAccessToken: "" } }),
    ).rejects.toMatchObject({
      code: "validation",
      fieldErrors: expect.objectContaining({ "channel.channelId": expect.any(Array), "channel.channelSecret": expect.any(Array), "channel.channelAccessToken": expect.any(Array) }),
    });
    expect(line.fake.calls("/v2/bot/info")).toHaveLength(0);
  });

  it("re-checks rotated credentials: a refused token changes nothing, a new bot moves the key, empty keeps", async () => {
    line.fake.state.tokens["rotated-token-for-other-bot"] = OTHER_BOT;
    const inbox = await makeLineInbox(t, { token: "rotated-token-for-other-bot" });
    const admin = await t.admin();

    await expect(updateInbox(t.db, admin, inbox.id, { channel: { channelAccessToken: "revoked-token" } })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: LINE_ERRORS.invalidToken.message,
    });
    let [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(row!.channelKey).toBe(`line:${OTHER_BOT.userId}`);

    // Empty secret fields keep what is stored: nothing changed, LINE is not asked again.
    const calls = line.fake.calls("/v2/bot/info").length;
    await updateInbox(t.db, admin, inbox.id, { channel: { channelSecret: "", channelAccessToken: "" } });
    expect(line.fake.calls("/v2/bot/info")).toHaveLength(calls);

    // A token of another bot: re-checked, and the stored bot facts follow LINE's answer.
    line.fake.state.tokens["third-bot-token"] = { userId: "U" + "d2".repeat(16), basicId: "@third", displayName: "Third" };
    const updated = await updateInbox(t.db, admin, inbox.id, { channel: { channelAccessToken: "third-bot-token", botName: "forged" } });
    expect(updated.config).toMatchObject({ botUserId: "U" + "d2".repeat(16), basicId: "@third", botName: "Third" });
    [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(row!.channelKey).toBe(`line:${"U" + "d2".repeat(16)}`);
  });

  it("after deletion answers LINE's webhooks with 410 and frees the connection", async () => {
    line.fake.state.tokens["deleted-bot-token"] = { userId: "U" + "e3".repeat(16), basicId: "@gone", displayName: "Gone" };
    const inbox = await makeLineInbox(t, { token: "deleted-bot-token" });
    await deleteInbox(t.db, await t.admin(), inbox.id);
    const body = webhook(inbox, [lineMessageEvent(lineUserId(), { id: lineMessageId(), type: "text", text: "hello?" })]);
    expect((await postLine(t, inbox, body)).status).toBe(410);
    // The same LINE channel can be connected again.
    await expect(makeLineInbox(t, { token: "deleted-bot-token" })).resolves.toMatchObject({ status: "active" });
  });
});
