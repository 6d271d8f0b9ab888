import { mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { fakeControl, type RecordedRequest } from "./fakes/base";
import { FAKE_BOT_TOKEN, FAKE_CUSTOMER, messageUpdate, updates, type FakeUpdate } from "./fakes/telegram";
import { Api } from "./support/api-client";
import { ADMIN, apiToken, baseUrl, baseUrlB, signIn, signInAdmin } from "./support/app";
import { Workspace } from "./support/pages";
import { bubble } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * Issue 4, Telegram family: an admin connects a bot through the browser against the fake Bot API
 * (started by the global setup), Telegram's webhook call reaches an agent live on the other app
 * instance, and the agent's replies leave through sendMessage — delivered, or refused in plain
 * words when the customer blocked the bot.
 */

const SHOTS = "/tmp/shots-telegram";
const telegram = fakeControl(process.env.TELEGRAM_API_URL!);
const tag = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
const calls = async (method: string) => (await telegram.requests()).filter((r) => r.path.endsWith(`/${method}`));

/** Posts an update to the inbox the way Telegram does: JSON plus the secret token from setWebhook. */
async function deliver(request: APIRequestContext, hook: { url: string; secret_token: string }, update: FakeUpdate, secret = hook.secret_token) {
  return request.post(hook.url, { data: JSON.stringify(update), headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret } });
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test("a Telegram bot end to end: wrong token refused inline, webhook registered, inbound live, replies sent or refused", async ({ browser, request }) => {
  const t = tag();
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signInAdmin(admin);
  const api = new Api(request, await apiToken(request, ADMIN.email, ADMIN.password));
  const agent = { name: `Tess Telegram ${t}`, email: `tg-${t}@telegram.test`, role: "agent", password: `pw-${t}-secret` };
  await api.post("/agents", agent);
  await telegram.reset();

  // The channel card leads to the form; a token Telegram does not know is refused inline, nothing is created.
  await admin.goto(baseUrl() + "/settings/inboxes/new");
  await expect(admin.getByText("Chat with customers who message your Telegram bot")).toBeVisible();
  await admin.locator('a[href="/settings/inboxes/new/telegram"]').click();
  const inboxName = `Acme Telegram ${t}`;
  await admin.getByLabel("Inbox name").fill(inboxName);
  await expect(admin.getByRole("link", { name: "@BotFather" })).toBeVisible();
  await shot(admin, "create-form");
  await admin.getByLabel("Bot token").fill("7999999:AAThisTokenWasNeverIssuedByBotFather");
  await admin.getByRole("button", { name: "Check and create" }).click();
  const alert = admin.getByRole("alert").filter({ hasText: "The check failed" });
  await expect(alert).toContainText("Telegram answered: Unauthorized");
  await expect(admin).toHaveURL(/\/settings\/inboxes\/new\/telegram$/);
  await shot(admin, "create-form-error");
  await expectAccessible(admin, "the Telegram create form with the provider's refusal");
  expect(await calls("setWebhook")).toHaveLength(0);
  expect((await api.get("/inboxes")).data.find((i: { name: string }) => i.name === inboxName)).toBeUndefined();

  // The right token: checked, webhook registered, then collaborators and the finish page.
  await admin.getByLabel("Bot token").fill(FAKE_BOT_TOKEN);
  await admin.getByRole("button", { name: "Check and create" }).click();
  await expect(admin).toHaveURL(/\/settings\/inboxes\/[0-9a-f-]{36}\/setup/);
  const inboxId = /inboxes\/([0-9a-f-]{36})\//.exec(admin.url())![1]!;
  await admin.getByRole("combobox", { name: "Agents" }).fill(agent.name);
  await admin.getByRole("option", { name: new RegExp(agent.name) }).click();
  await admin.getByRole("button", { name: "Save and continue" }).click();
  await expect(admin).toHaveURL(new RegExp(`/settings/inboxes/${inboxId}/finish`));
  await expect(admin.getByRole("heading", { name: "Nothing to paste" })).toBeVisible();
  await shot(admin, "finish");

  const [setWebhook] = await calls("setWebhook");
  const hook = (setWebhook as RecordedRequest).json as { url: string; secret_token: string; allowed_updates: string[] };
  const inbox = await api.get(`/inboxes/${inboxId}`);
  expect(hook.url).toBe(inbox.webhookUrl);
  expect(hook.allowed_updates).toEqual(["message", "edited_message"]);
  expect(inbox.config).toEqual({ botUsername: "acme_support_bot" });
  expect(inbox.credentials).toEqual({ botToken: `••••${FAKE_BOT_TOKEN.slice(-4)}` });
  expect(JSON.stringify(inbox)).not.toContain(hook.secret_token);

  // The Configuration tab: the bot's @username, the (automatically registered) webhook URL, the masked token.
  await admin.goto(`${baseUrl()}/settings/inboxes/${inboxId}/configuration`);
  await expect(admin.getByText("@acme_support_bot").first()).toBeVisible();
  await expect(admin.getByText(`Stored: ••••${FAKE_BOT_TOKEN.slice(-4)}`)).toBeVisible();
  await expect(admin.getByRole("textbox", { name: "Webhook URL" })).toHaveValue(inbox.webhookUrl);
  await shot(admin, "configuration");
  await expectAccessible(admin, "the Telegram inbox's Configuration tab");

  // The agent works on instance B; Telegram's update reaches instance A.
  const agentCtx = await browser.newContext();
  const page = await agentCtx.newPage();
  await signIn(page, agent.email, agent.password, baseUrlB());
  const ws = new Workspace(page, baseUrlB());
  await ws.open();
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();

  // A forged update (wrong secret token) is refused and shows nothing.
  const forged = await deliver(request, hook, messageUpdate({ text: `Forged ${t}` }), "not-the-secret");
  expect(forged.status()).toBe(401);

  const question = `Hi! Did my parcel ship? ${t}`;
  const res = await deliver(request, hook, messageUpdate({ text: question }));
  expect(res.status()).toBe(200);
  await expect(ws.row("Tanya Ivanova")).toBeVisible();
  await ws.row("Tanya Ivanova").click();
  await expect(bubble(page, question)).toBeVisible();

  // Files are fetched in the background after the message is stored: the photo appears once
  // downloaded through getFile, and the profile picture (getUserProfilePhotos) in the contact panel.
  const caption = `Here is the label ${t}`;
  expect((await deliver(request, hook, updates.photo(caption))).status()).toBe(200);
  await expect(bubble(page, caption).locator('img[src^="/api/attachments/"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("complementary", { name: "Contact" }).locator('img[src^="/api/contacts/"]')).toBeVisible({ timeout: 20_000 });

  // The reply leaves through sendMessage to the customer's chat and ticks to Sent.
  const answer = `It shipped this morning ${t}`;
  await ws.reply(answer);
  const sentBubble = bubble(page, answer);
  await expect(sentBubble.getByRole("img", { name: "Sent" })).toBeVisible({ timeout: 20_000 });
  const sends = (await calls("sendMessage")).filter((r) => (r.json as { text: string }).text === answer);
  expect(sends).toHaveLength(1);
  expect(sends[0]!.path).toBe(`/bot${FAKE_BOT_TOKEN}/sendMessage`);
  expect(sends[0]!.json).toEqual({ chat_id: String(FAKE_CUSTOMER.id), text: answer });
  await shot(page, "conversation");

  // The customer blocks the bot: the next reply fails at once, in words the agent understands.
  await telegram.fail({ match: "sendMessage", status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } });
  const refused = `Anything else? ${t}`;
  await ws.reply(refused);
  const failedBubble = bubble(page, refused);
  await expect(failedBubble.getByRole("img", { name: /^Failed to send/ })).toBeVisible({ timeout: 20_000 });
  await expect(failedBubble).toContainText("The customer blocked the bot, so Telegram refused the message.");
  await shot(page, "conversation-blocked");

  // Deleting the inbox removes the webhook at Telegram; a late update is refused with 410.
  await admin.goto(`${baseUrl()}/settings/inboxes/${inboxId}`);
  await admin.getByRole("button", { name: "Delete inbox" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByRole("textbox").fill(inboxName);
  await dialog.getByRole("button", { name: "Delete inbox" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await calls("deleteWebhook")).length).toBe(1);
  expect((await deliver(request, hook, messageUpdate({ text: "still there?" }))).status()).toBe(410);

  await Promise.all([adminCtx.close(), agentCtx.close()]);
});
