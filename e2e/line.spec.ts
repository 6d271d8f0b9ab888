import { expect, test, type Page } from "@playwright/test";
import { fakeControl, type RecordedRequest } from "./fakes/base";
import { LINE_ERRORS, lineFakeState, lineMessageEvent, lineMessageId, lineSignature, lineUserId, lineWebhookBody } from "./fakes/line";
import { baseUrl, screenshotPath, signInAdmin } from "./support/app";
import { adminApi, bubble, re, tag } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * The LINE channel end to end against the fake LINE API (started by the global setup, reached by
 * the app through LINE_API_URL): an administrator creates the inbox in the browser (a wrong token
 * first, refused with LINE's words), a customer's signed webhook shows up live in the workspace,
 * and the agent's reply leaves as a LINE push message.
 */

const line = () => fakeControl(process.env.LINE_API_URL!);

async function pushes(): Promise<RecordedRequest[]> {
  return (await line().requests()).filter((r) => r.method === "POST" && r.path === "/v2/bot/message/push");
}

async function fillLineForm(page: Page, v: { name: string; channelId: string; secret: string; token: string }) {
  await page.getByLabel("Inbox name").fill(v.name);
  await page.getByLabel("Channel ID").fill(v.channelId);
  await page.getByLabel("Channel secret").fill(v.secret);
  await page.getByLabel("Channel access token").fill(v.token);
}

test("an admin connects LINE in the browser; a customer's message arrives live and the reply is pushed to LINE", async ({ browser, page, request }) => {
  const admin = await adminApi(browser, request);
  const t = tag();
  const bot = { userId: "U" + Buffer.from(t.padEnd(16, "0").slice(0, 16)).toString("hex"), basicId: `@k${t.slice(-6)}`, displayName: `Tea Shop ${t}` };
  const token = `e2e-line-token-${t}`;
  const secret = Buffer.from(t.padEnd(16, "x").slice(0, 16)).toString("hex");
  const customer = lineUserId();
  const base = lineFakeState();
  await line().state({ tokens: { ...base.tokens, [token]: bot }, profiles: { [customer]: { displayName: "Sakura Tanaka" } } });

  // ── Create the inbox: a wrong token is refused with LINE's message, nothing is created ──
  await signInAdmin(page);
  await page.goto(baseUrl() + "/settings/inboxes/new");
  await page.locator(`a[href="/settings/inboxes/new/line"]`).click();
  await expect(page.getByLabel("Channel access token")).toBeVisible();
  const name = `LINE ${t}`;
  await fillLineForm(page, { name, channelId: "2001234567", secret, token: "revoked-or-mistyped-token" });
  await page.getByRole("button", { name: "Check and create" }).click();
  const alert = page.getByRole("alert").filter({ hasText: LINE_ERRORS.invalidToken.message });
  await expect(alert).toBeVisible();
  await page.screenshot({ path: screenshotPath("line-create-error"), fullPage: true });
  await expectAccessible(page, "the LINE create form with LINE's refusal");
  expect((await admin.get("/inboxes")).data.filter((i: { name: string }) => i.name === name)).toHaveLength(0);

  await page.getByLabel("Channel access token").fill(token);
  await page.getByRole("button", { name: "Check and create" }).click();
  await expect(page).toHaveURL(/\/settings\/inboxes\/[0-9a-f-]{36}\/setup/);
  const inboxId = /inboxes\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/inboxes/${inboxId}/finish`));
  await expect(page.getByText("Use webhook")).toBeVisible();
  await page.screenshot({ path: screenshotPath("line-finish"), fullPage: true });

  await page.goto(baseUrl() + `/settings/inboxes/${inboxId}/configuration`);
  await expect(page.getByText(`${bot.displayName} (${bot.basicId})`)).toBeVisible();
  await page.screenshot({ path: screenshotPath("line-configuration"), fullPage: true });
  await expectAccessible(page, "the LINE inbox's Configuration tab");
  await page.goto(baseUrl() + `/settings/inboxes/${inboxId}`);
  await expect(page.getByText(`Connected to the LINE Official Account ${bot.displayName}`)).toBeVisible();
  await page.screenshot({ path: screenshotPath("line-general"), fullPage: true });
  const inbox = await admin.get(`/inboxes/${inboxId}`);
  expect(inbox.config).toMatchObject({ channelId: "2001234567", botUserId: bot.userId, basicId: bot.basicId });
  expect(inbox.credentials.channelAccessToken).toBe(`••••${token.slice(-4)}`);

  // LINE's "Verify" button: an empty, signed event list.
  const verify = lineWebhookBody(bot.userId, []);
  const verified = await request.post(inbox.webhookUrl, { data: verify, headers: { "content-type": "application/json", "x-line-signature": lineSignature(secret, verify) } });
  expect(verified.status()).toBe(200);

  // ── The customer writes; the message appears live in the open workspace ──
  await page.goto(baseUrl() + "/conversations?view=all");
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
  const text = `Do you ship matcha to Osaka? ${t}`;
  const body = lineWebhookBody(bot.userId, [lineMessageEvent(customer, { id: lineMessageId(), type: "text", text })]);
  const forged = await request.post(inbox.webhookUrl, { data: body, headers: { "content-type": "application/json", "x-line-signature": lineSignature("0".repeat(32), body) } });
  expect(forged.status()).toBe(401);
  const res = await request.post(inbox.webhookUrl, { data: body, headers: { "content-type": "application/json", "x-line-signature": lineSignature(secret, body) } });
  expect(res.status(), await res.text()).toBe(200);
  const row = page.locator("[data-conversation-row]").filter({ hasText: re(text) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(bubble(page, text)).toBeVisible();

  // ── The agent replies; it leaves as a push to that LINE user with a retry key ──
  const reply = `Yes — we ship to Osaka in 2 days. ${t}`;
  await page.getByRole("textbox", { name: "Reply" }).fill(reply);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(bubble(page, reply).getByRole("img", { name: "Sent" })).toBeVisible();
  const sent = (await pushes()).filter((p) => JSON.stringify(p.json).includes(reply));
  expect(sent).toHaveLength(1);
  expect(sent[0]!.headers.authorization).toBe(`Bearer ${token}`);
  expect(sent[0]!.headers["x-line-retry-key"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(sent[0]!.json).toEqual({ to: customer, messages: [{ type: "text", text: reply }] });
  await page.screenshot({ path: screenshotPath("line-conversation"), fullPage: true });
});
