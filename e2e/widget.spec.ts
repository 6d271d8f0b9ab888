import { createHmac, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { Api, type Json } from "./support/api-client";
import { ADMIN, apiToken, baseUrl, baseUrlB, screenshotPath, signIn, signInAdmin } from "./support/app";
import { Workspace } from "./support/pages";
import { chatFrame, launcher, openWidget, sendFromWidget, serveWidgetHost, type WidgetHost } from "./support/widget-host";
import { expectAccessible } from "./support/axe";

/*
 * Issue 3, "Done when": the website widget end to end. The customer's site is a plain HTML page on
 * its own origin (127.0.0.1:<random port>, see support/widget-host.ts) holding only the embed code;
 * the app runs on localhost:<port>. The agent works on the second app instance, so every live
 * update also crosses instances.
 */

const tag = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
const re = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
/** Text inside the widget's message list (the screen-reader announcement repeats agent replies). */
const inList = (frame: FrameLocator, text: string | RegExp) => frame.getByRole("list", { name: "Messages" }).getByText(text);
const hashFor = (hmacToken: string, identifier: string) => createHmac("sha256", hmacToken).update(identifier).digest("hex");

async function adminApi(browser: Browser, request: APIRequestContext): Promise<Api> {
  const ctx = await browser.newContext();
  await signInAdmin(await ctx.newPage()); // runs first-run setup if this spec is first
  await ctx.close();
  return new Api(request, await apiToken(request, ADMIN.email, ADMIN.password));
}

async function websiteInbox(admin: Api, channel: Record<string, unknown> = {}): Promise<Json> {
  const inbox = await admin.post("/inboxes", {
    name: `Website ${tag()}`,
    channel: { type: "website", websiteUrl: "https://northwind-tea.test", widgetColor: "#0f766e", ...channel },
  });
  expect(inbox.websiteToken).toBeTruthy();
  expect(inbox.embedCode).toContain(`data-website-token="${inbox.websiteToken}"`);
  return inbox;
}

/** An agent (not an administrator) who is a member of `inbox`, signed in on instance B. */
async function agentOn(browser: Browser, admin: Api, inbox: Json): Promise<{ page: Page; ws: Workspace; close: () => Promise<void> }> {
  const t = tag();
  const agent = { name: `Widget Agent ${t}`, email: `widget-${t}@widget.test`, role: "agent", password: `pw-${t}-secret` };
  const { id } = await admin.post("/agents", agent);
  await admin.put(`/inboxes/${inbox.id}/agents`, { agentIds: [id] });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, agent.email, agent.password, baseUrlB());
  return { page, ws: new Workspace(page, baseUrlB()), close: () => ctx.close() };
}

let host: WidgetHost | undefined;
test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

test("a visitor on another origin chats live with an agent, and keeps the thread after a reload", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin, { welcomeTitle: "Hi, we're Northwind 👋", welcomeTagline: "Questions about tea or your order? Ask away." });
  host = await serveWidgetHost(inbox.embedCode);
  expect(new URL(host.origin).origin).not.toBe(new URL(baseUrl()).origin);

  const agent = await agentOn(browser, admin, inbox);
  await agent.ws.open(`view=all&inbox=${inbox.id}`);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const widgetRequests: string[] = [];
  visitor.on("request", (r) => {
    if (r.url().startsWith(baseUrl())) widgetRequests.push(new URL(r.url()).pathname);
  });
  await visitor.goto(host.url("/"));
  await expect(launcher(visitor)).toHaveAccessibleName("Open chat");
  // The loader fetched its config and nothing else: the chat loads only when opened.
  expect(widgetRequests.filter((p) => p !== "/widget.js" && p !== "/api/widget/config")).toEqual([]);
  await expect(visitor.locator("#konversio-widget iframe")).toHaveCount(0);

  const frame = await openWidget(visitor);
  await expect(launcher(visitor)).toHaveAccessibleName("Close chat");
  // The chat is a static page and one small script: no framework runtime reaches the visitor.
  expect(widgetRequests.filter((p) => p.startsWith("/_next/"))).toEqual([]);
  expect(widgetRequests).toContain("/widget/chat.js");
  await expect(frame.getByRole("heading", { name: "Hi, we're Northwind" })).toBeVisible();
  await expect(frame.getByText("Typically replies in a few minutes")).toBeVisible();
  // The visitor token is kept by the host page, not in a third-party cookie.
  await expect.poll(() => visitor.evaluate((k) => localStorage.getItem(k), `konversio:${inbox.websiteToken}`)).toBeTruthy();

  const question = `Do you ship to Canada? ${tag()}`;
  await sendFromWidget(frame, question);
  await expect(inList(frame, question)).toBeVisible();
  await expect(inList(frame, "Sending…")).toHaveCount(0);

  // The agent's list shows it live (no reload), on the other instance.
  const row = agent.page.getByRole("link", { name: re(question) });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  await expect(agent.page.getByText(question, { exact: true }).last()).toBeVisible();
  const answer = `Yes — 3 to 5 business days. ${tag()}`;
  await agent.ws.reply(answer);

  // The visitor sees the reply live, with the agent's name; screen readers hear it.
  await expect(inList(frame, answer)).toBeVisible({ timeout: 20_000 });
  await expect(inList(frame, /Widget Agent/).first()).toBeVisible();
  await expect(frame.locator('[aria-live="polite"]')).toHaveText(re(`New message from Widget Agent`));
  await expectAccessible(visitor, "the open widget with a conversation");
  await visitor.screenshot({ path: screenshotPath("widget-open") });

  // Closed, a new reply shows up as an unread badge on the launcher.
  await launcher(visitor).click();
  await expect(launcher(visitor)).toHaveAccessibleName("Open chat");
  const followUp = `Tracking number follows. ${tag()}`;
  await agent.ws.reply(followUp);
  await expect(launcher(visitor)).toHaveAccessibleName("Open chat, 1 unread message", { timeout: 20_000 });
  await visitor.screenshot({ path: screenshotPath("widget-closed") });

  // After a reload the same browser still sees the whole thread.
  await visitor.reload();
  const again = await openWidget(visitor);
  await expect(inList(again, question)).toBeVisible();
  await expect(inList(again, answer)).toBeVisible();
  await expect(inList(again, followUp)).toBeVisible();

  // The chat is keyboard-usable: Escape closes it and focus returns to the launcher.
  await again.getByRole("textbox", { name: "Message" }).press("Escape");
  await expect(launcher(visitor)).toBeFocused();
  await expect(launcher(visitor)).toHaveAccessibleName("Open chat");

  // Phone-sized: the chat takes the whole screen.
  const phoneCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const phone = await phoneCtx.newPage();
  await phone.goto(host.url("/shop"));
  const phoneFrame = await openWidget(phone);
  await sendFromWidget(phoneFrame, "Hello from my phone! Is the Sencha in stock?");
  await expect(inList(phoneFrame, "Hello from my phone! Is the Sencha in stock?")).toBeVisible();
  await expect(inList(phoneFrame, "Sending…")).toHaveCount(0);
  const box = await phone.locator("#konversio-widget iframe").boundingBox();
  expect(box?.width).toBe(360);
  expect(box?.height).toBe(740);
  await phone.screenshot({ path: screenshotPath("widget-phone") });

  await phoneCtx.close();
  await visitorCtx.close();
  await agent.close();
});

test("identity verification: a valid hash shows history on a fresh browser, an invalid one is refused", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin, { requireIdentity: true, widgetColor: "#7c3aed" });
  host = await serveWidgetHost(inbox.embedCode);
  const uid = `cust-${tag()}`;
  const signedIn = (hash: string) =>
    host!.url(`/identity?${new URLSearchParams({ uid, name: "Jane Doe", email: `${uid}@example.test`, hash })}`);

  // Device 1: verified, sends a message.
  const one = await browser.newContext();
  const p1 = await one.newPage();
  await p1.goto(signedIn(hashFor(inbox.hmacToken, uid)));
  const f1 = await openWidget(p1);
  const text = `Where is order ${tag()}?`;
  await sendFromWidget(f1, text);
  await expect(inList(f1, text)).toBeVisible();
  await expect(inList(f1, "Not sent")).toHaveCount(0);
  await one.close();

  // Device 2: a fresh browser (no stored visitor token) with the same identity sees the history.
  const two = await browser.newContext();
  const p2 = await two.newPage();
  await p2.goto(signedIn(hashFor(inbox.hmacToken, uid)));
  expect(await p2.evaluate((k) => localStorage.getItem(k), `konversio:${inbox.websiteToken}`)).toBeNull();
  const f2 = await openWidget(p2);
  await expect(inList(f2, text)).toBeVisible();
  await two.close();

  // A wrong hash: refused, said clearly, and the visitor cannot send (verification is required).
  const three = await browser.newContext();
  const p3 = await three.newPage();
  await p3.goto(signedIn(hashFor("not-the-token", uid)));
  await launcher(p3).click();
  const f3 = chatFrame(p3);
  await expect(f3.getByText(/couldn't verify your identity/)).toBeVisible();
  await expect(f3.getByText("This chat is for signed-in customers")).toBeVisible();
  await expect(f3.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  await expect(inList(f3, text)).toHaveCount(0);
  await three.close();

  // And at the API: the wrong hash is a 401, an anonymous visitor's message a 403.
  const api = (path: string) => `${baseUrl()}/api/widget/${path}?token=${inbox.websiteToken}`;
  const bad = await request.post(api("session"), { data: { user: { identifier: uid, identifierHash: hashFor("nope", uid) } } });
  expect(bad.status()).toBe(401);
  const anon = await (await request.post(api("session"), { data: {} })).json();
  const refused = await request.post(api("messages"), {
    data: { content: "let me in", clientId: crypto.randomUUID() },
    headers: { "x-konversio-visitor": anon.visitorToken },
  });
  expect(refused.status()).toBe(403);
});

test("script payloads stay text in the widget and in the agent's view", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin, { widgetColor: "#b45309" });
  host = await serveWidgetHost(inbox.embedCode);
  const agent = await agentOn(browser, admin, inbox);
  const dialogs: string[] = [];

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  for (const p of [visitor, agent.page]) p.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
  await visitor.goto(host.url("/"));
  const frame = await openWidget(visitor);
  const payload = `<img src=x onerror=alert(1)> ${tag()}`;
  const script = `<script>alert(2)</script><b>bold?</b>`;
  await sendFromWidget(frame, payload);
  await sendFromWidget(frame, script);
  await expect(inList(frame, payload)).toBeVisible();
  await expect(inList(frame, script)).toBeVisible();
  await expect(frame.locator('img[src="x"], b')).toHaveCount(0);

  await agent.ws.open(`view=all&inbox=${inbox.id}`);
  await agent.page.getByRole("link", { name: re("bold?") }).click();
  await expect(agent.page.getByText(payload, { exact: true }).last()).toBeVisible();
  await expect(agent.page.getByText(script, { exact: true }).last()).toBeVisible();
  await expect(agent.page.locator('img[src="x"]')).toHaveCount(0);
  const reply = `<img src=y onerror=alert(3)> our reply ${tag()}`;
  await agent.ws.reply(reply);
  await expect(inList(frame, reply)).toBeVisible({ timeout: 20_000 });
  await expect(frame.locator('img[src="y"]')).toHaveCount(0);

  await visitor.waitForTimeout(500); // an onerror would have fired by now
  expect(dialogs).toEqual([]);
  await visitorCtx.close();
  await agent.close();
});

test("admin preview follows the form, and the loader stays silent for a deleted inbox", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin, { welcomeTitle: "Hello from Northwind" });
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1700 } });
  const page = await ctx.newPage();
  await signInAdmin(page);
  await page.goto(`${baseUrl()}/settings/inboxes/${inbox.id}/widget`);
  await expect(page.getByRole("link", { name: "Widget", exact: true })).toHaveAttribute("aria-current", "page");
  // The preview is the real chat page in an iframe, fed the unsaved form by postMessage.
  const preview = page.getByTestId("widget-preview").frameLocator('iframe[title="Widget preview"]');
  await expect(preview.locator("h1", { hasText: "Hello from Northwind" })).toBeVisible();
  await expect(preview.getByText("Hi! Do you ship to Canada?")).toBeVisible();

  await page.getByLabel("Welcome title").fill("Tea questions? We're here.");
  await page.getByRole("textbox", { name: "Widget colour", exact: true }).fill("#be123c");
  await expect(preview.locator("h1", { hasText: "Tea questions? We're here." })).toBeVisible();
  await expect(preview.locator("header").first()).toHaveCSS("background-color", "rgb(190, 18, 60)");
  await page.getByLabel("Expected reply time").selectOption("day");
  await expect(preview.getByText("Typically replies within a day")).toBeVisible();
  // Turning the pre-chat form on previews what a new visitor sees.
  await page.getByRole("switch", { name: "Ask for an email before the first message" }).click();
  await expect(preview.getByRole("textbox", { name: "Email" })).toBeVisible();
  await expect(preview.getByText("Hi! Do you ship to Canada?")).toHaveCount(0);
  await page.getByRole("button", { name: "Save appearance" }).click();
  await expect(page.getByText("Widget saved").first()).toBeVisible();
  const saved = await admin.get(`/inboxes/${inbox.id}`);
  expect(saved.config).toMatchObject({ welcomeTitle: "Tea questions? We're here.", widgetColor: "#be123c", replyTime: "day", preChatEmail: true });
  await expect(page.getByRole("textbox", { name: "Embed code" })).toHaveValue(inbox.embedCode);
  await expect(page.getByRole("switch", { name: "Require verified identity" })).toBeVisible();
  await page.screenshot({ path: screenshotPath("widget-admin-preview") });
  await expectAccessible(page, "the Widget tab");

  // Other channels have no Widget tab.
  const apiInbox = await admin.post("/inboxes", { name: `API ${tag()}`, channel: { type: "api" } });
  await page.goto(`${baseUrl()}/settings/inboxes/${apiInbox.id}`);
  await expect(page.getByRole("link", { name: "Configuration" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Inbox settings" }).getByRole("link", { name: "Widget" })).toHaveCount(0);
  await ctx.close();

  // Deleted: the loader draws nothing.
  host = await serveWidgetHost(inbox.embedCode);
  await admin.del(`/inboxes/${inbox.id}`);
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const config = visitor.waitForResponse((r) => r.url().includes("/api/widget/config"));
  await visitor.goto(host.url("/"));
  expect((await config).status()).toBe(410);
  await visitor.waitForTimeout(300);
  await expect(visitor.locator("#konversio-widget")).toHaveCount(0);
  await visitorCtx.close();
});

test("a visitor sends a picture that the agent sees as an image; other files are chips, oversized ones refused at once", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin);
  host = await serveWidgetHost(inbox.embedCode);
  const agent = await agentOn(browser, admin, inbox);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(host.url("/"));
  const frame = await openWidget(visitor);
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
  await frame.getByTestId("kw-file-input").setInputFiles({ name: "pixel.png", mimeType: "image/png", buffer: png });
  const chip = frame.getByRole("list", { name: "Files to send" }).getByRole("listitem");
  await expect(chip).toContainText("pixel.png");
  await expect(chip).not.toContainText("Uploading", { timeout: 15_000 });
  const caption = `Here is the screenshot ${tag()}`;
  await frame.getByRole("textbox", { name: "Message" }).fill(caption);
  await frame.getByRole("button", { name: "Send message" }).click();
  await expect(inList(frame, caption)).toBeVisible();
  const mine = frame.locator('img[alt="pixel.png"]');
  await expect(mine).toBeVisible();
  await expect.poll(() => mine.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  await agent.ws.open(`view=all&inbox=${inbox.id}`);
  await agent.page.getByRole("link", { name: re(caption) }).click();
  await expect(agent.page.getByText(caption, { exact: true }).last()).toBeVisible();
  const seen = agent.page.locator('img[alt="pixel.png"]');
  await expect(seen).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => seen.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  // Anyone else gets nothing.
  const src = (await seen.getAttribute("src"))!;
  expect((await request.get(new URL(src, baseUrl()).toString())).status()).toBe(404);

  // Other files go as download chips; a file over the limit is refused on the spot, with the reason.
  await frame.getByTestId("kw-file-input").setInputFiles([
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("order 1042: two bags of Sencha\n") },
    { name: "huge.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) },
  ]);
  const chips = frame.getByRole("list", { name: "Files to send" }).getByRole("listitem");
  await expect(chips.filter({ hasText: "huge.pdf" })).toContainText("Too large (10.0 MB): files can be up to 10 MB");
  await expect(chips.filter({ hasText: "notes.txt" })).toContainText("31 B", { timeout: 15_000 });
  await frame.getByRole("button", { name: "Remove huge.pdf" }).click();
  await expect(chips).toHaveCount(1);
  await expect(frame.getByRole("textbox", { name: "Message" })).toBeFocused();
  await frame.getByRole("button", { name: "Send message" }).click();
  const download = frame.getByRole("list", { name: "Messages" }).getByRole("link", { name: /notes\.txt/ });
  await expect(download).toBeVisible();
  await expect(download).toHaveAttribute("download", "notes.txt");
  await expect(frame.getByRole("list", { name: "Files to send" })).toBeHidden();

  // The agent answers with a picture of their own: the visitor sees it live.
  const answer = `Here is our return label ${tag()}`;
  await agent.page.locator('input[type="file"]').setInputFiles({ name: "label.png", mimeType: "image/png", buffer: png });
  await expect(agent.page.getByRole("list", { name: "Attached files" }).getByLabel("Uploading")).toHaveCount(0);
  await agent.ws.reply(answer);
  await expect(inList(frame, answer)).toBeVisible({ timeout: 20_000 });
  const theirs = frame.locator('img[alt="label.png"]');
  await expect(theirs).toBeVisible();
  await expect.poll(() => theirs.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  await visitorCtx.close();
  await agent.close();
});

test("pre-chat form: a new visitor leaves an email first, the agent sees it, and a reload does not ask again", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin, { preChatEmail: true, widgetColor: "#1d4ed8" });
  host = await serveWidgetHost(inbox.embedCode);

  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const visitor = await ctx.newPage();
  await visitor.goto(host.url("/shop"));
  await launcher(visitor).click();
  const frame = chatFrame(visitor);
  const email = frame.getByRole("textbox", { name: "Email" });
  await expect(email).toBeVisible();
  await expect(frame.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  // Focus starts in the form.
  await expect(frame.getByRole("textbox", { name: "Name (optional)" })).toBeFocused();
  await visitor.screenshot({ path: screenshotPath("widget-prechat") });

  // Checked before anything is sent, said next to the field, focus moved there.
  const start = frame.getByRole("button", { name: "Start chat" });
  await start.click();
  await expect(frame.getByText("Enter your email address")).toBeVisible();
  await expect(email).toBeFocused();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await email.fill("not an email");
  await email.press("Enter");
  await expect(frame.getByText(/Enter a valid email address/)).toBeVisible();
  await expectAccessible(visitor, "the pre-chat form with an error");

  const address = `pia-${tag()}@example.test`;
  await frame.getByRole("textbox", { name: "Name (optional)" }).fill("Pia Prechat");
  await email.fill(address);
  await start.click();
  const box = frame.getByRole("textbox", { name: "Message" });
  await expect(box).toBeFocused();
  await expect(email).toHaveCount(0);
  const text = `Hello after the form ${tag()}`;
  await sendFromWidget(frame, text);
  await expect(inList(frame, text)).toBeVisible();
  await expect(inList(frame, "Sending…")).toHaveCount(0);

  // The agent's side: the conversation's contact carries the name and the email.
  await expect
    .poll(async () => (await admin.get(`/conversations?inboxId=${inbox.id}`)).data.map((c: Json) => c.contact))
    .toEqual([expect.objectContaining({ name: "Pia Prechat", email: address })]);

  // A reload (same browser) goes straight to the conversation.
  await visitor.reload();
  const again = await openWidget(visitor);
  await expect(inList(again, text)).toBeVisible();
  await expect(again.getByRole("textbox", { name: "Email" })).toHaveCount(0);
  await ctx.close();

  // A visitor the site already named with an email (setUser) is not asked.
  const known = await browser.newContext();
  const page = await known.newPage();
  await page.goto(host.url(`/identity?${new URLSearchParams({ uid: `u-${tag()}`, name: "Kim", email: "kim@example.test" })}`));
  const f = await openWidget(page);
  await expect(f.getByRole("textbox", { name: "Email" })).toHaveCount(0);
  await known.close();
});

test("the visitor is told clearly: new lines with Shift+Enter, offline sends that go out on reconnect, sending too fast", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin);
  host = await serveWidgetHost(inbox.embedCode);
  const ctx = await browser.newContext();
  const visitor = await ctx.newPage();
  await visitor.goto(host.url("/"));
  const frame = await openWidget(visitor);
  const box = frame.getByRole("textbox", { name: "Message" });

  // Keyboard only: the composer has focus on open; Shift+Enter is a new line, Enter sends.
  await expect(box).toBeFocused();
  await box.pressSequentially("First line");
  await box.press("Shift+Enter");
  await box.pressSequentially("second line");
  await expect(box).toHaveValue("First line\nsecond line");
  await box.press("Enter");
  await expect(inList(frame, /First line\s+second line/)).toBeVisible();
  await expect(inList(frame, "Sending…")).toHaveCount(0);

  // Offline: the message stays "Not sent", the banner says why, and it goes out once back online.
  await ctx.setOffline(true);
  await expect(frame.getByRole("status")).toHaveText(/offline/i);
  const text = `Sent while offline ${tag()}`;
  await sendFromWidget(frame, text);
  await expect(inList(frame, "Not sent")).toBeVisible();
  await ctx.setOffline(false);
  await expect(inList(frame, "Not sent")).toHaveCount(0, { timeout: 20_000 });
  await expect(frame.getByRole("status")).toBeHidden();
  const history = await request.post(`${baseUrl()}/api/widget/session?token=${inbox.websiteToken}`, {
    data: { visitorToken: await visitor.evaluate((k) => localStorage.getItem(k), `konversio:${inbox.websiteToken}`) },
  });
  const messages = await request.get(`${baseUrl()}/api/widget/messages?token=${inbox.websiteToken}`, {
    headers: { "x-konversio-visitor": (await history.json()).visitorToken },
  });
  expect((await messages.json()).data.map((m: Json) => m.content)).toContain(text);

  // Too fast: past the per-visitor limit the chat says how long to wait, and keeps the message to retry.
  for (let i = 0; i < 20; i++) {
    await box.fill(`burst ${i}`);
    await box.press("Enter");
  }
  await expect(frame.getByRole("alert")).toHaveText(/You're sending messages too quickly\. Please wait \d+ seconds/, { timeout: 20_000 });
  await expect(frame.getByRole("button", { name: "Retry" }).first()).toBeVisible();
  await ctx.close();
});

test("a NUL character from the widget is stripped: token, session, message and contact answer 4xx or 2xx, never 500", async ({ browser, request }) => {
  const admin = await adminApi(browser, request);
  const inbox = await websiteInbox(admin);
  const api = (path: string, token = inbox.websiteToken as string) => `${baseUrl()}/api/widget/${path}?token=${encodeURIComponent(token)}`;

  // A token with a NUL is simply a token that matches no inbox (it answered 500 before).
  const bogus = await request.get(`${baseUrl()}/api/widget/config?token=a%00b`);
  expect(bogus.status()).toBe(404);
  expect((await bogus.json()).error.code).toBe("not_found");
  const nulInToken = await request.get(api("config", `${inbox.websiteToken}\u0000`));
  expect(nulInToken.status(), "the stripped token is the inbox's own").toBe(200);

  const session = await request.post(api("session"), { data: { host: "northwind-tea.test\u0000" } });
  expect(session.status(), await session.text()).toBeLessThan(300);
  const visitor = (await session.json()).visitorToken as string;
  const headers = { "x-konversio-visitor": visitor };
  const content = `hello\u0000there ${tag()}`;
  const sent = await request.post(api("messages"), { data: { content, clientId: crypto.randomUUID() }, headers });
  expect(sent.status(), await sent.text()).toBe(201);
  const contact = await request.post(api("contact"), { data: { email: `nul${tag()}@example.com`, name: "Nul\u0000Name" }, headers });
  expect(contact.status(), await contact.text()).toBeLessThan(300);

  const listed = await request.get(api("messages"), { headers });
  expect((await listed.json()).data.map((m: Json) => m.content)).toContain(content.replace("\u0000", ""));
});
