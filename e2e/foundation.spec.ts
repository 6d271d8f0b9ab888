import { expect, test } from "@playwright/test";
import { ADMIN, apiToken, baseUrl, baseUrlB, screenshotPath, sendSigned, signIn, signInAdmin } from "./support/app";
import { startCallbackReceiver } from "./support/callback-receiver";
import { AgentsPage, InboxesPage, Workspace } from "./support/pages";

const ANA = { name: "Ana Souza", email: "ana@konversio.test", password: "ana-password-1" };
const BEN = { name: "Ben Okafor", email: "ben@konversio.test", password: "ben-password-1" };

test("an api inbox end to end: setup, visibility, live updates, reply, deletion", async ({ browser, request }) => {
  const receiver = await startCallbackReceiver();

  // First run: the login page, then setup of the first administrator.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await admin.goto(baseUrl() + "/login");
  await signInAdmin(admin);
  await admin.context().clearCookies();
  await admin.goto(baseUrl() + "/login");
  await expect(admin.getByRole("button", { name: "Sign in" })).toBeVisible();
  await admin.screenshot({ path: screenshotPath("login") });
  await signIn(admin, ADMIN.email, ADMIN.password);

  // The admin adds two agents and an api inbox worked by Ana only.
  const agents = new AgentsPage(admin);
  await agents.open();
  await agents.add(ANA);
  await agents.add(BEN);
  const inboxName = "Partner portal"; // a fresh database per run; other specs suffix their names
  const inboxes = new InboxesPage(admin);
  const inboxId = await inboxes.createApiInbox(inboxName, receiver.url, [ANA.name]);
  await expect(admin.getByText("Webhook URL").first()).toBeVisible();

  const adminToken = await apiToken(request, ADMIN.email, ADMIN.password);
  const inbox = await (await request.get(`${baseUrl()}/api/v1/inboxes/${inboxId}`, { headers: { authorization: `Bearer ${adminToken}` } })).json();
  expect(inbox.hmacToken).toBeTruthy();

  await inboxes.open();
  await expect(admin.getByText(inboxName)).toBeVisible();
  await admin.screenshot({ path: screenshotPath("settings-inboxes"), fullPage: true });

  // Ana works on the second app instance; Ben (not assigned) on the first.
  const anaCtx = await browser.newContext();
  const ana = await anaCtx.newPage();
  await signIn(ana, ANA.email, ANA.password, baseUrlB());
  const anaWs = new Workspace(ana, baseUrlB());
  await anaWs.open();
  await expect(anaWs.count("all")).toHaveText("0");

  const benCtx = await browser.newContext();
  const ben = await benCtx.newPage();
  await signIn(ben, BEN.email, BEN.password);
  const benWs = new Workspace(ben);
  await benWs.open();

  // A signed inbound message, delivered to instance A, appears live in Ana's list on instance B.
  const sent = await sendSigned(request, inbox, {
    contact: { sourceId: "cust-7", name: "Jane Doe", email: "jane@example.com" },
    message: { sourceId: "msg-1", content: "Where is my order #4411?" },
  });
  expect(sent.status()).toBe(201);
  const { conversationId } = await sent.json();
  await expect(anaWs.row("Jane Doe")).toBeVisible();
  await expect(anaWs.count("all")).toHaveText("1");

  // Ben sees nothing: not in the list, not in the counts, not by URL, not by API.
  await benWs.open();
  await expect(benWs.count("all")).toHaveText("0");
  await expect(benWs.row("Jane Doe")).toHaveCount(0);
  const conv = await (await request.get(`${baseUrl()}/api/v1/conversations/${conversationId}`, { headers: { authorization: `Bearer ${adminToken}` } })).json();
  await ben.goto(`${baseUrl()}/conversations/${conv.number}`);
  await expect(ben.getByText(/not found|doesn.t exist|no access/i).first()).toBeVisible();
  const benToken = await apiToken(request, BEN.email, BEN.password);
  const benApi = await request.get(`${baseUrl()}/api/v1/conversations/${conversationId}`, { headers: { authorization: `Bearer ${benToken}` } });
  expect(benApi.status()).toBe(404);
  const benList = await (await request.get(`${baseUrl()}/api/v1/conversations`, { headers: { authorization: `Bearer ${benToken}` } })).json();
  expect(benList.counts).toEqual({ mine: 0, unassigned: 0, all: 0 });

  // Ana opens it and replies; the integrator's callback receives a signed event.
  await anaWs.row("Jane Doe").click();
  await expect(ana.getByText("Where is my order #4411?")).toBeVisible();
  await anaWs.reply("It ships today — tracking number follows.");
  // In the thread: the list row may show the same words as its preview by then.
  await expect(ana.getByRole("log", { name: "Messages" }).getByText("It ships today — tracking number follows.")).toBeVisible();
  await expect.poll(() => receiver.events.find((e) => e.json.event === "message.created")?.json.data.content, { timeout: 20_000 }).toBe(
    "It ships today — tracking number follows.",
  );
  const event = receiver.events.find((e) => e.json.event === "message.created")!;
  expect(receiver.verify(event, inbox.webhookSecret)).toBe(true);
  // A few more customers write in, so the screenshot shows a working queue.
  const others = [
    ["cust-8", "Priya Patel", "Can I change the delivery address on my order?"],
    ["cust-9", "Tom Li", "Thanks, that fixed it!"],
    ["cust-10", "Marta Nowak", "Do you ship to Poland?"],
  ] as const;
  for (const [sourceId, name, content] of others) {
    expect((await sendSigned(request, inbox, { contact: { sourceId, name }, message: { sourceId: `${sourceId}-m1`, content } })).status()).toBe(201);
    await expect(anaWs.row(name)).toBeVisible();
  }
  await expect(anaWs.count("all")).toHaveText("4");
  await ana.screenshot({ path: screenshotPath("conversations") });

  // The admin deletes the inbox: the admin still reads the conversation, Ana no longer can.
  await inboxes.delete(inboxId, inboxName);
  const adminRead = await request.get(`${baseUrl()}/api/v1/conversations/${conversationId}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(adminRead.status()).toBe(200);
  await admin.goto(`${baseUrl()}/conversations/${conv.number}`);
  await expect(admin.getByText("Where is my order #4411?")).toBeVisible();
  const anaToken = await apiToken(request, ANA.email, ANA.password);
  const anaRead = await request.get(`${baseUrl()}/api/v1/conversations/${conversationId}`, { headers: { authorization: `Bearer ${anaToken}` } });
  expect(anaRead.status()).toBe(404);
  await ana.goto(`${baseUrlB()}/conversations/${conv.number}`);
  await expect(ana.getByText("Where is my order #4411?")).toHaveCount(0);
  const gone = await sendSigned(request, inbox, { contact: { sourceId: "cust-7" }, message: { sourceId: "msg-2", content: "Hello?" } });
  expect(gone.status()).toBe(410);

  await Promise.all([adminCtx.close(), anaCtx.close(), benCtx.close()]);
  await receiver.close();
});
