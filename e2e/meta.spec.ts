import { createHmac, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { fakeControl, type RecordedRequest } from "./fakes/base";
import type { MetaFakeState } from "./fakes/meta";
import { Api, type Json } from "./support/api-client";
import { ADMIN, apiToken, baseUrl, signInAdmin } from "./support/app";
import { Workspace } from "./support/pages";
import { GRAPH_VERSION } from "../lib/channels/meta/version";
import { expectAccessible } from "./support/axe";

/*
 * Issue 4, Meta family: WhatsApp end to end in the browser against the fake Graph API (create
 * with a wrong then a right token, Meta's GET handshake, a signed message arriving live, a reply
 * reaching the fake, status webhooks moving the tick and a 131047 failure shown in plain words),
 * then Messenger and Instagram in and out. Instagram talks to its own host (graph.instagram.com,
 * INSTAGRAM_API_URL) with an Instagram User token, which the Graph API fake refuses.
 */

const meta = fakeControl(process.env.META_GRAPH_API_URL!);
const instagram = fakeControl(process.env.INSTAGRAM_API_URL!);
const SHOTS = process.env.META_SHOTS_DIR;
const tag = () => `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
const graphId = () => `${Date.now()}${Math.floor(Math.random() * 1e5)}`;
const sign = (secret: string, raw: string) => `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Posts a webhook body to the inbox exactly as Meta does: raw JSON signed with the app secret. */
async function deliver(request: APIRequestContext, webhookUrl: string, appSecret: string, body: object) {
  const raw = JSON.stringify(body);
  const res = await request.post(webhookUrl, { data: raw, headers: { "content-type": "application/json", "x-hub-signature-256": sign(appSecret, raw) } });
  expect(res.status()).toBe(200);
}

async function sent(path: string, fake = meta): Promise<RecordedRequest[]> {
  return (await fake.requests()).filter((r) => r.method === "POST" && r.path === path);
}

async function adminApi(request: APIRequestContext) {
  return new Api(request, await apiToken(request, ADMIN.email, ADMIN.password));
}

/** Fills the create form for a channel and submits it. */
async function submitCreate(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByRole("button", { name: "Check and create" }).click();
}

/** From the collaborators step to the finish page; returns the new inbox id. */
async function finishCreate(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/settings\/inboxes\/[0-9a-f-]{36}\/setup/);
  const id = /inboxes\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/inboxes/${id}/finish`));
  return id;
}

test("WhatsApp: create with a wrong then a right token, handshake, live inbound, reply, ticks and a plain-words failure", async ({ page, request }) => {
  const t = tag();
  const phoneNumberId = graphId();
  const token = `EAAwa-e2e-${t}`;
  const appSecret = `wa-secret-${t}`;
  const customer = `1555${String(Date.now()).slice(-7)}`;
  const phoneNumbers: MetaFakeState["phoneNumbers"] = {
    [phoneNumberId]: { token, appSecret, display_phone_number: "+1 555-010-0777", verified_name: `Acme ${t}` },
  };
  const businessAccountId = graphId();
  await meta.state({ phoneNumbers, businessAccounts: { [businessAccountId]: { token, appSecret } } });
  await meta.reset();
  await signInAdmin(page);

  // The create form, first with a token Meta refuses: the provider's words, nothing created.
  await page.goto(baseUrl() + "/settings/inboxes/new");
  await page.locator('a[href="/settings/inboxes/new/whatsapp"]').click();
  await expect(page.getByRole("heading", { name: /WhatsApp/ }).first()).toBeVisible();
  await shot(page, "whatsapp-create");
  const name = `WhatsApp ${t}`;
  await submitCreate(page, {
    "Inbox name": name,
    "Phone number ID": phoneNumberId,
    "WhatsApp Business Account ID": businessAccountId,
    "Access token": "EAAwa-expired-token",
    "App secret": appSecret,
  });
  await expect(page.getByText("Invalid OAuth access token - Cannot parse access token")).toBeVisible();
  await shot(page, "whatsapp-create-error");
  await expectAccessible(page, "the WhatsApp form");
  const admin = await adminApi(request);
  const listed: Json = await admin.get("/inboxes");
  expect(((listed.data ?? listed) as Json[]).some((i) => i.name === name)).toBe(false);

  await page.getByLabel("Access token").fill(token);
  await page.getByRole("button", { name: "Check and create" }).click();
  const id = await finishCreate(page);
  // Creating the inbox subscribed the app to the WhatsApp Business Account (else Meta sends no webhooks).
  expect((await meta.requests()).some((r) => r.method === "POST" && r.path === `/${GRAPH_VERSION}/${businessAccountId}/subscribed_apps`)).toBe(true);
  await expect(page.getByText("Verify token").first()).toBeVisible();
  await expect(page.getByText("Callback URL").first()).toBeVisible();
  await shot(page, "whatsapp-finish");

  const inbox = await admin.get(`/inboxes/${id}`);
  expect(inbox.config).toMatchObject({ phoneNumberId, displayPhoneNumber: "+1 555-010-0777", verifiedName: `Acme ${t}` });
  expect(inbox.verifyToken).toBeTruthy();

  // Meta's subscription handshake on the webhook URL.
  const hs = await request.get(`${inbox.webhookUrl}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(inbox.verifyToken)}&hub.challenge=1158201444`);
  expect(hs.status()).toBe(200);
  expect(await hs.text()).toBe("1158201444");
  expect((await request.get(`${inbox.webhookUrl}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status()).toBe(403);

  await page.goto(baseUrl() + `/settings/inboxes/${id}/configuration`);
  await expect(page.getByText("Stored: ••••")).toHaveCount(2);
  await shot(page, "whatsapp-configuration");
  await page.getByText("Integration guide").scrollIntoViewIfNeeded();
  await shot(page, "whatsapp-configuration-guide");

  // A customer writes; the agent's list shows it without a reload.
  const ws = new Workspace(page);
  await ws.open(`view=all&inbox=${id}`);
  await expect(page.getByText("Live updates on")).toBeVisible();
  const contact = `Carla ${t}`;
  const question = `Is my bike ready? ${t}`;
  const value = (v: object) => ({
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550100777", phone_number_id: phoneNumberId }, ...v } }] }],
  });
  await deliver(request, inbox.webhookUrl, appSecret, value({
    contacts: [{ profile: { name: contact }, wa_id: customer }],
    messages: [{ from: customer, id: `wamid.in-${t}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: question } }],
  }));
  const row = ws.row(contact);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  await expect(page.getByText(question, { exact: true }).last()).toBeVisible();

  // The reply reaches WhatsApp with the inbox's token.
  await meta.state({ nextMessageIds: [`wamid.out-${t}-1`, `wamid.out-${t}-2`] });
  const answer = `Yes, pick it up after 4 pm. ${t}`;
  await ws.reply(answer);
  const path = `/${GRAPH_VERSION}/${phoneNumberId}/messages`;
  await expect.poll(async () => (await sent(path)).length, { timeout: 20_000 }).toBe(1);
  const [send] = await sent(path);
  expect(send!.headers.authorization).toBe(`Bearer ${token}`);
  expect(send!.json).toMatchObject({ messaging_product: "whatsapp", to: customer, type: "text", text: { body: answer } });
  await expect(page.getByRole("img", { name: "Sent", exact: true })).toBeVisible({ timeout: 20_000 });

  // WhatsApp's statuses move the tick: delivered, then read.
  await deliver(request, inbox.webhookUrl, appSecret, value({ statuses: [{ id: `wamid.out-${t}-1`, status: "delivered", timestamp: "1700000000", recipient_id: customer }] }));
  await expect(page.getByRole("img", { name: "Delivered", exact: true })).toBeVisible({ timeout: 20_000 });
  await deliver(request, inbox.webhookUrl, appSecret, value({ statuses: [{ id: `wamid.out-${t}-1`, status: "read", timestamp: "1700000001", recipient_id: customer }] }));
  await expect(page.getByRole("img", { name: "Read", exact: true })).toBeVisible({ timeout: 20_000 });

  // A reply WhatsApp accepts and later fails (24-hour window) shows the reason in plain words.
  const late = `One more thing ${t}`;
  await ws.reply(late);
  await expect.poll(async () => (await sent(path)).length, { timeout: 20_000 }).toBe(2);
  await expect(page.getByRole("img", { name: "Sent", exact: true })).toBeVisible({ timeout: 20_000 });
  await deliver(request, inbox.webhookUrl, appSecret, value({
    statuses: [{
      id: `wamid.out-${t}-2`,
      status: "failed",
      timestamp: "1700000002",
      recipient_id: customer,
      errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message", error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." } }],
    }],
  }));
  await expect(page.getByText("Not delivered: More than 24 hours have passed since the customer last wrote, so WhatsApp only allows a template message.")).toBeVisible({ timeout: 20_000 });
  await shot(page, "whatsapp-thread");
});

test("Messenger and Instagram: created in the browser, messages in live, replies out, echoes ignored", async ({ page, request }) => {
  const t = tag();
  const pageId = graphId();
  const igId = graphId();
  const fb = { token: `EAApage-e2e-${t}`, appSecret: `fb-secret-${t}` };
  const ig = { token: `IGAA-e2e-${t}`, appSecret: `ig-secret-${t}` };
  await meta.state({ pages: { [pageId]: { ...fb, name: `Acme Bikes ${t}` } } });
  await instagram.state({ instagramAccounts: { [igId]: { ...ig, username: `acme.${t}` } } });
  await meta.reset();
  await instagram.reset();
  await signInAdmin(page);
  const admin = await adminApi(request);
  const ws = new Workspace(page);

  const cases = [
    { type: "facebook", id: pageId, secrets: fb, fields: { "Page ID": pageId, "Page access token": fb.token }, object: "page", detail: `Acme Bikes ${t}`, fake: meta },
    { type: "instagram", id: igId, secrets: ig, fields: { "Instagram account ID": igId, "Access token": ig.token }, object: "instagram", detail: `@acme.${t}`, fake: instagram },
  ] as const;

  for (const c of cases) {
    await page.goto(baseUrl() + `/settings/inboxes/new/${c.type}`);
    await shot(page, `${c.type}-create`);
    if (c.type === "instagram") {
      // A Facebook Page token is not an Instagram User token: graph.instagram.com cannot parse it.
      await submitCreate(page, { "Inbox name": `${c.type} ${t}`, ...c.fields, "Access token": fb.token, "App secret": c.secrets.appSecret });
      await expect(page.getByText(/Instagram rejected this access token: Invalid OAuth access token - Cannot parse access token/)).toBeVisible();
    }
    await submitCreate(page, { "Inbox name": `${c.type} ${t}`, ...c.fields, "App secret": "not-the-app-secret" });
    await expect(page.getByText("Invalid appsecret_proof provided in the API argument")).toBeVisible();
    await page.getByLabel("App secret").fill(c.secrets.appSecret);
    await page.getByRole("button", { name: "Check and create" }).click();
    const id = await finishCreate(page);
    const inbox = await admin.get(`/inboxes/${id}`);
    await page.goto(baseUrl() + "/settings/inboxes");
    await expect(page.getByText(c.detail)).toBeVisible();

    const sender = `${c.type === "facebook" ? 69 : 17}${String(Date.now()).slice(-12)}`;
    const item = (x: object) => ({ object: c.object, entry: [{ id: c.id, time: Date.now(), messaging: [{ sender: { id: sender }, recipient: { id: c.id }, timestamp: Date.now(), ...x }] }] });
    const echo = { object: c.object, entry: [{ id: c.id, time: Date.now(), messaging: [{ sender: { id: c.id }, recipient: { id: sender }, timestamp: Date.now(), message: { mid: `m_echo-${t}`, text: `Echo ${t}`, is_echo: true } }] }] };

    await ws.open(`view=all&inbox=${id}`);
    await expect(page.getByText("Live updates on")).toBeVisible();
    const text = `Hello from ${c.type} ${t}`;
    await deliver(request, inbox.webhookUrl, c.secrets.appSecret, echo);
    await deliver(request, inbox.webhookUrl, c.secrets.appSecret, item({ message: { mid: `m_in-${c.type}-${t}`, text } }));
    const row = page.getByRole("link", { name: new RegExp(text) });
    await expect(row).toBeVisible({ timeout: 20_000 });
    await row.click();
    await expect(page.getByText(text, { exact: true }).last()).toBeVisible();
    await expect(page.getByText(`Echo ${t}`)).toHaveCount(0);

    await c.fake.state({ nextMessageIds: [`m_out-${c.type}-${t}`] });
    const answer = `Thanks for writing on ${c.type}! ${t}`;
    await ws.reply(answer);
    const path = `/${GRAPH_VERSION}/${c.id}/messages`;
    await expect.poll(async () => (await sent(path, c.fake)).length, { timeout: 20_000 }).toBe(1);
    const [send] = await sent(path, c.fake);
    expect(send!.headers.authorization).toBe(`Bearer ${c.secrets.token}`);
    expect(send!.json).toEqual({ recipient: { id: sender }, ...(c.type === "facebook" ? { messaging_type: "RESPONSE" } : {}), message: { text: answer } });
    await expect(page.getByRole("img", { name: "Sent", exact: true })).toBeVisible({ timeout: 20_000 });
    const receipt = c.type === "facebook" ? { delivery: { mids: [`m_out-${c.type}-${t}`], watermark: Date.now() } } : { read: { mid: `m_out-${c.type}-${t}` } };
    await deliver(request, inbox.webhookUrl, c.secrets.appSecret, item(receipt));
    await expect(page.getByRole("img", { name: c.type === "facebook" ? "Delivered" : "Read", exact: true })).toBeVisible({ timeout: 20_000 });
    if (c.type === "instagram") {
      await shot(page, "instagram-thread");
      // 400 Japanese characters are 1200 bytes: two messages of at most 1000 bytes, nothing lost.
      const japanese = "ご連絡ありがとうございます。".repeat(28) + "よろしくお願いし";
      await ws.reply(japanese);
      await expect.poll(async () => (await sent(path, c.fake)).length, { timeout: 20_000 }).toBe(3);
      const pieces = (await sent(path, c.fake)).slice(1).map((r) => (r.json as { message: { text: string } }).message.text);
      expect(pieces.every((p) => Buffer.byteLength(p, "utf8") <= 1000)).toBe(true);
      expect(pieces.join("")).toBe(japanese);
      // Nothing of Instagram's went to the Graph API host.
      expect((await meta.requests()).filter((r) => r.headers.authorization === `Bearer ${ig.token}` || r.path.includes(igId))).toEqual([]);
    }
  }
});
