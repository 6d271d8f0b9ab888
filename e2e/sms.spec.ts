import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { fakeControl, type RecordedRequest } from "./fakes/base";
import { BANDWIDTH_TEST, bandwidthEvent, bandwidthMessageId, basicHeader } from "./fakes/bandwidth";
import { signTwilioRequest, TWILIO_TEST, twilioInboundParams, twilioStatusParams } from "./fakes/twilio";
import { Api, type Json } from "./support/api-client";
import { ADMIN, apiToken, baseUrl, screenshotPath, signInAdmin } from "./support/app";
import { bubble, tag } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * Issue 4, SMS family: an administrator connects Twilio and Bandwidth in the browser against the
 * fake providers (a wrong credential first), a customer's text arrives live, the agent's reply
 * reaches the provider, and the provider's delivery report moves the tick.
 */

const twilioUrl = () => process.env.TWILIO_API_URL!;
const bandwidthUrl = () => process.env.BANDWIDTH_API_URL!;

async function startCreate(page: Page, name: string) {
  await page.goto(baseUrl() + "/settings/inboxes/new");
  await page.locator('a[href="/settings/inboxes/new/sms"]').click();
  await expect(page.getByRole("heading", { name: /Add SMS inbox/ })).toBeVisible();
  await page.getByLabel("Inbox name").fill(name);
}

/** Collaborators step (nobody extra: the administrator sees every inbox), then the finish page. */
async function finishSetup(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/settings\/inboxes\/[0-9a-f-]{36}\/setup/);
  const id = /inboxes\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/inboxes/${id}/finish`));
  return id;
}

async function openConversationOf(page: Page, phone: string, text: string) {
  const row = page.locator("[data-conversation-row]").filter({ hasText: phone });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  await expect(bubble(page, text)).toBeVisible();
}

async function reply(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Reply" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(bubble(page, text).getByRole("img", { name: "Sent" })).toBeVisible({ timeout: 20_000 });
}

async function waitForCall(base: string, match: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
  let hit: RecordedRequest | undefined;
  await expect.poll(async () => (hit = (await fakeControl(base).requests()).find(match)), { timeout: 20_000 }).toBeTruthy();
  return hit!;
}

async function adminApi(request: APIRequestContext) {
  return new Api(request, await apiToken(request, ADMIN.email, ADMIN.password));
}

/** Delivery reports never become messages: the inbox holds the customer's one text. */
async function expectOneIncoming(request: APIRequestContext, inboxId: string) {
  const admin = await adminApi(request);
  const { data } = await admin.get(`/conversations?inboxId=${inboxId}&status=all`);
  expect(data).toHaveLength(1);
  const messages: Json[] = (await admin.get(`/conversations/${data[0].id}/messages`)).data;
  expect(messages.filter((m) => m.kind === "incoming")).toHaveLength(1);
}

test("Twilio: create with a wrong then the right Auth Token, a text arrives live, the reply leaves with a status callback, delivered moves the tick", async ({ page, request }) => {
  await signInAdmin(page);
  const name = `Twilio SMS ${tag()}`;
  await startCreate(page, name);
  await expect(page.getByRole("radio", { name: /^Twilio/ })).toBeChecked();
  await page.getByLabel("Account SID").fill(TWILIO_TEST.accountSid);
  await page.getByLabel("Auth Token").fill("0".repeat(32));
  await page.getByLabel("Twilio phone number").fill(TWILIO_TEST.phoneNumber);
  await page.screenshot({ path: screenshotPath("sms-twilio-create"), fullPage: true });
  await page.getByRole("button", { name: "Check and create" }).click();
  await expect(page.getByText("Your AccountSid or AuthToken was incorrect.")).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/inboxes\/new\/sms$/);
  await page.screenshot({ path: screenshotPath("sms-twilio-create-error"), fullPage: true });
  await expectAccessible(page, "the SMS create form with an error");

  await page.getByLabel("Auth Token").fill(TWILIO_TEST.authToken);
  await page.getByRole("button", { name: "Check and create" }).click();
  const id = await finishSetup(page);
  await expect(page.getByText("Phone Numbers → Manage → Active numbers")).toBeVisible();
  await page.goto(`${baseUrl()}/settings/inboxes/${id}/configuration`);
  await expect(page.getByText(`Stored: ••••${TWILIO_TEST.authToken.slice(-4)}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy Callback password" })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("sms-twilio-configuration"), fullPage: true });
  await page.goto(`${baseUrl()}/settings/inboxes/${id}`);
  await expect(page.getByLabel("Twilio phone number")).toHaveValue(TWILIO_TEST.phoneNumber);
  await page.screenshot({ path: screenshotPath("sms-twilio-general"), fullPage: true });

  const inbox: Json = await (await adminApi(request)).get(`/inboxes/${id}`);
  expect(inbox).toMatchObject({ channelType: "sms", config: { provider: "twilio", phoneNumber: TWILIO_TEST.phoneNumber } });

  // A customer texts the number: Twilio posts the signed form to the webhook URL.
  await page.goto(`${baseUrl()}/conversations?view=all`);
  const customer = "+15551239876";
  const text = `Is the blue kettle back in stock? ${tag()}`;
  const signed = signTwilioRequest(inbox.webhookUrl, TWILIO_TEST.authToken, twilioInboundParams({ from: customer, body: text }));
  const forged = await request.post(inbox.webhookUrl, { data: signed.body, headers: { ...signed.headers, "x-twilio-signature": "forged=" } });
  expect(forged.status()).toBe(401);
  const res = await request.post(inbox.webhookUrl, { data: signed.body, headers: signed.headers });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/xml");
  expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  await openConversationOf(page, customer, text);

  const answer = `Yes, it is back! ${tag()}`;
  await reply(page, answer);
  const sent = await waitForCall(twilioUrl(), (r) => r.method === "POST" && r.form?.Body === answer);
  expect(sent.path).toBe(`/2010-04-01/Accounts/${TWILIO_TEST.accountSid}/Messages.json`);
  expect(sent.form).toMatchObject({ To: customer, From: TWILIO_TEST.phoneNumber, Body: answer });
  const statusCallback = sent.form!.StatusCallback!;
  expect(statusCallback).toMatch(new RegExp(`^${inbox.webhookUrl.replace(/[.?]/g, "\\$&")}\\?message=`));

  // Twilio reports the delivery to the StatusCallback; the tick moves live.
  const list = await fetch(`${twilioUrl()}/2010-04-01/Accounts/${TWILIO_TEST.accountSid}/Messages.json?To=${encodeURIComponent(customer)}`, {
    headers: { authorization: basicHeader(TWILIO_TEST.accountSid, TWILIO_TEST.authToken) },
  }).then((r) => r.json());
  const sid = list.messages.find((m: Json) => m.body === answer).sid as string;
  const status = signTwilioRequest(statusCallback, TWILIO_TEST.authToken, twilioStatusParams({ messageSid: sid, status: "delivered", to: customer }));
  expect((await request.post(statusCallback, { data: status.body, headers: status.headers })).status()).toBe(200);
  await expect(bubble(page, answer).getByRole("img", { name: "Delivered" })).toBeVisible();
  // The status callback did not become a message.
  await expectOneIncoming(request, id);

  // Issue 11: a reply over Twilio's 1,600 characters goes as two ordered texts; the composer says so
  // before sending, and the tick shows delivered only once both parts are.
  const counter = page.getByTestId("sms-counter");
  await expect(counter).toHaveText("0 / 1,600 · 1 part");
  const long = `${Array.from({ length: 330 }, (_, i) => `step${i}`).join(" ")} 👍🏽 ${tag()}`;
  const box = page.getByRole("textbox", { name: "Reply" });
  await box.fill(long);
  await expect(counter).toHaveText(`${long.length.toLocaleString("en-US")} / 1,600 · 2 parts`);
  await page.screenshot({ path: screenshotPath("sms-composer-parts") });
  await page.getByRole("button", { name: "Send" }).click();
  await expect(bubble(page, long.slice(0, 40)).getByRole("img", { name: "Sent" })).toBeVisible({ timeout: 20_000 });
  const bodies = (await fakeControl(twilioUrl()).requests()).filter((r) => r.method === "POST" && r.path.endsWith("/Messages.json") && long.includes(r.form?.Body || "\u0000")).map((r) => r.form!);
  expect(bodies).toHaveLength(2);
  for (const b of bodies) expect(b.Body!.length).toBeLessThanOrEqual(1600);
  expect(bodies.map((b) => b.Body).join(" ")).toBe(long);
  const sent2: Json[] = (
    await fetch(`${twilioUrl()}/2010-04-01/Accounts/${TWILIO_TEST.accountSid}/Messages.json?To=${encodeURIComponent(customer)}`, {
      headers: { authorization: basicHeader(TWILIO_TEST.accountSid, TWILIO_TEST.authToken) },
    }).then((r) => r.json())
  ).messages;
  const sids = bodies.map((b) => sent2.find((m) => m.body === b.Body)!.sid as string);
  const callbackUrl = bodies[0]!.StatusCallback!;
  for (const [i, partSid] of sids.entries()) {
    const cb = signTwilioRequest(callbackUrl, TWILIO_TEST.authToken, twilioStatusParams({ messageSid: partSid, status: "delivered", to: customer }));
    expect((await request.post(callbackUrl, { data: cb.body, headers: cb.headers })).status()).toBe(200);
    // One part delivered is not the reply delivered.
    if (i === 0) await expect(bubble(page, long.slice(0, 40)).getByRole("img", { name: "Sent" })).toBeVisible();
  }
  await expect(bubble(page, long.slice(0, 40)).getByRole("img", { name: "Delivered" })).toBeVisible();

  // Twilio's media rules in the composer: a 600 KB PDF is refused at once, with Twilio's limit in words.
  const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(600 * 1024 - 9, 0x20)]);
  await page.locator('input[type="file"]').setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: pdf });
  await expect(page.getByRole("list", { name: "Attached files" })).toContainText("files other than JPEG, GIF and PNG images can be up to 500 KB");
  await page.screenshot({ path: screenshotPath("sms-composer-file-refused") });
});

test("Bandwidth: create, a text arrives live with the callback credentials, the reply leaves, message-delivered moves the tick", async ({ page, request }) => {
  await signInAdmin(page);
  const name = `Bandwidth SMS ${tag()}`;
  await startCreate(page, name);
  await page.getByRole("radio", { name: /^Bandwidth/ }).check();
  await expect(page.getByLabel("Account SID")).toHaveCount(0);
  await page.getByLabel("Account ID").fill(BANDWIDTH_TEST.accountId);
  await page.getByLabel("Bandwidth phone number").fill(BANDWIDTH_TEST.phoneNumber);
  await page.getByLabel("Application ID").fill(BANDWIDTH_TEST.applicationId);
  await page.getByLabel("API token").fill(BANDWIDTH_TEST.apiToken);
  await page.getByLabel("API secret").fill("not-the-secret");
  await page.screenshot({ path: screenshotPath("sms-bandwidth-create"), fullPage: true });
  await page.getByRole("button", { name: "Check and create" }).click();
  await expect(page.getByText("Bandwidth refused the API token or secret: Authentication Failed")).toBeVisible();
  await page.getByLabel("API secret").fill(BANDWIDTH_TEST.apiSecret);
  await page.getByRole("button", { name: "Check and create" }).click();
  const id = await finishSetup(page);
  await expect(page.getByRole("button", { name: "Copy Callback user name" })).toBeVisible();
  await expect(page.getByText("Inbound callback URL").first()).toBeVisible();
  await page.screenshot({ path: screenshotPath("sms-bandwidth-finish"), fullPage: true });
  await page.goto(`${baseUrl()}/settings/inboxes/${id}/configuration`);
  await expect(page.getByRole("button", { name: "Copy Callback password" })).toBeVisible();
  await page.screenshot({ path: screenshotPath("sms-bandwidth-configuration"), fullPage: true });
  await expectAccessible(page, "the Bandwidth inbox's Configuration tab");

  const inbox: Json = await (await adminApi(request)).get(`/inboxes/${id}`);
  expect(inbox.callbackUsername).toMatch(/^konversio-/);
  const auth = basicHeader(inbox.callbackUsername, inbox.callbackPassword);

  await page.goto(`${baseUrl()}/conversations?view=all`);
  const customer = "+19195550911";
  const text = `Can I change my delivery address? ${tag()}`;
  const body = JSON.stringify([bandwidthEvent("message-received", { id: bandwidthMessageId(), from: customer, to: BANDWIDTH_TEST.phoneNumber, text })]);
  const headers = { "content-type": "application/json; charset=utf-8" };
  expect((await request.post(inbox.webhookUrl, { data: body, headers })).status()).toBe(401);
  expect((await request.post(inbox.webhookUrl, { data: body, headers: { ...headers, authorization: auth } })).status()).toBe(200);
  await openConversationOf(page, customer, text);

  const answer = `Sure, send it over ${tag()}`;
  await reply(page, answer);
  const sent = await waitForCall(bandwidthUrl(), (r) => r.method === "POST" && (r.json as Json)?.text === answer);
  expect(sent.path).toBe(`/api/v2/users/${BANDWIDTH_TEST.accountId}/messages`);
  expect(sent.headers.authorization).toBe(basicHeader(BANDWIDTH_TEST.apiToken, BANDWIDTH_TEST.apiSecret));
  expect(sent.json).toMatchObject({ applicationId: BANDWIDTH_TEST.applicationId, to: [customer], from: BANDWIDTH_TEST.phoneNumber, text: answer });

  const list = await fetch(`${bandwidthUrl()}/api/v2/users/${BANDWIDTH_TEST.accountId}/messages?limit=1`, {
    headers: { authorization: basicHeader(BANDWIDTH_TEST.apiToken, BANDWIDTH_TEST.apiSecret) },
  }).then((r) => r.json());
  const messageId = list.messages[0].messageId as string;
  const delivered = JSON.stringify([bandwidthEvent("message-delivered", { id: messageId, from: BANDWIDTH_TEST.phoneNumber, to: customer })]);
  expect((await request.post(inbox.webhookUrl, { data: delivered, headers: { ...headers, authorization: auth } })).status()).toBe(200);
  await expect(bubble(page, answer).getByRole("img", { name: "Delivered" })).toBeVisible();
  await expectOneIncoming(request, id);
});
