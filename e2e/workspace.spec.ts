import { expect, test, type Page } from "@playwright/test";
import type { Api, Json } from "./support/api-client";
import { baseUrl, baseUrlB, signIn } from "./support/app";
import { startCallbackReceiver } from "./support/callback-receiver";
import { Workspace } from "./support/pages";
import { bubble, ingest, makeAgent, makeInbox, makeTeam, openAs, re, startSwitchableReceiver, tag, withAdminApi } from "./support/workspace-helpers";

/*
 * What a demanding agent relies on in the workspace (docs/architecture.md §2 and §8):
 * the keyboard, notes that never leave, failed deliveries that can be resent, snoozes that wake
 * up, and access changes that reach an already-open tab. Setup goes through the REST API as the
 * administrator; what the agent does goes through the browser. Every test builds its own agents
 * and inboxes (the database is shared with the other specs).
 */
let admin: Api;

withAdminApi((s) => ({ admin } = s));

const rows = (page: Page) => page.locator("[data-conversation-row]");
const thread = (page: Page, number: number) => page.getByRole("region", { name: new RegExp(`^Conversation #${number} with`) });
const messagesOf = async (api: Api, conversationId: string): Promise<Json[]> => (await api.get(`/conversations/${conversationId}/messages`)).data;

test("keyboard: j/k move, Enter opens, r replies, Enter sends once, Esc leaves, e resolves, / searches, ? shows shortcuts", async ({ browser }) => {
  const agent = await makeAgent(admin, "Kim");
  const inbox = await makeInbox(admin, { agents: [agent] });
  const base = `Kbd${tag()}`;
  const [alpha, bravo, charlie] = [
    await ingest(admin, inbox, `${base} Alpha`),
    await ingest(admin, inbox, `${base} Bravo`),
    await ingest(admin, inbox, `${base} Charlie`),
  ];
  const { ctx: agentCtx, page } = await openAs(browser, agent);
  const ws = new Workspace(page);
  const list = rows(page);
  await expect(list).toHaveCount(3);
  // Latest activity first.
  await expect(list.nth(0)).toHaveAttribute("data-number", String(charlie!.number));
  await expect(list.nth(1)).toHaveAttribute("data-number", String(bravo!.number));
  await expect(list.nth(2)).toHaveAttribute("data-number", String(alpha!.number));

  // j / k move the selection through the list.
  await page.keyboard.press("j");
  await expect(list.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(list.nth(1)).toBeFocused();
  await page.keyboard.press("j");
  await expect(list.nth(2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(list.nth(1)).toBeFocused();

  // Enter opens the selected conversation.
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/conversations/${bravo!.number}(\\?|$)`));
  await expect(thread(page, bravo!.number)).toBeVisible();
  await expect(list.nth(1)).toHaveAttribute("aria-current", "page");

  // r focuses the reply box (and types no "r"); Enter sends; the message shows exactly once.
  await page.keyboard.press("r");
  const reply = page.getByRole("textbox", { name: "Reply" });
  await expect(reply).toBeFocused();
  await expect(reply).toHaveValue("");
  const text = `On it ${tag()}`;
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await expect(reply).toHaveValue("");
  await expect(bubble(page, text).getByRole("img", { name: "Sent" })).toBeVisible();
  await expect(bubble(page, text)).toHaveCount(1);
  expect((await messagesOf(admin, bravo!.id)).filter((m) => m.content === text)).toHaveLength(1);
  await expect(bubble(page, text)).toHaveCount(1); // after the realtime refetch too

  // Esc leaves the composer, so single keys are shortcuts again.
  await page.keyboard.press("Escape");
  await expect(reply).not.toBeFocused();

  // e resolves: the header says so and the conversation leaves the Open list.
  await page.keyboard.press("e");
  await expect(thread(page, bravo!.number).getByRole("button", { name: "Reopen" })).toBeVisible();
  await expect(page.locator(`[data-conversation-row][data-number="${bravo!.number}"]`)).toHaveCount(0);
  await expect(list).toHaveCount(2);
  await expect(ws.count("all")).toHaveText("2");
  await expect.poll(async () => (await admin.get(`/conversations/${bravo!.id}`)).status).toBe("resolved");

  // / focuses search; the contact's name narrows the list.
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "Search conversations" });
  await expect(search).toBeFocused();
  await page.keyboard.type(`${base} Charlie`);
  await expect(list).toHaveCount(1);
  await expect(list.first()).toHaveAttribute("data-number", String(charlie!.number));
  await expect(page).toHaveURL(/[?&]q=/);

  // ? (outside any text field) opens the shortcuts dialog.
  await page.keyboard.press("Escape"); // clears the search
  await page.keyboard.press("Escape"); // leaves the search box
  await expect(search).not.toBeFocused();
  await expect(list).toHaveCount(2);
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Next conversation")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await agentCtx.close();
});

test("a private note shows as a note, is never sent to the api callback, and the API returns it private with status null", async ({ browser }) => {
  const receiver = await startCallbackReceiver();
  try {
    const agent = await makeAgent(admin, "Nora");
    const inbox = await makeInbox(admin, { agents: [agent], callbackUrl: receiver.url });
    const conv = await ingest(admin, inbox, `Note${tag()} Customer`);
    const { ctx: agentCtx, page } = await openAs(browser, agent, baseUrl(), `/conversations/${conv.number}`);
    await expect(thread(page, conv.number)).toBeVisible();

    // The toggle, then n from outside the composer: both land in the note composer.
    await page.getByRole("button", { name: "Private note" }).click();
    const noteBox = page.getByRole("textbox", { name: "Private note" });
    await expect(noteBox).toBeVisible();
    await page.getByRole("button", { name: "Reply", exact: true }).click();
    await expect(page.getByRole("textbox", { name: "Reply" })).toBeVisible();
    await page.keyboard.press("n"); // focus is on the toggle button, not in a text field
    await expect(noteBox).toBeFocused();

    const note = `Internal: check the refund ledger ${tag()}`;
    await noteBox.fill(note);
    await page.getByRole("button", { name: "Send" }).click();
    const noteBubble = bubble(page, note);
    await expect(noteBubble).toHaveCount(1);
    await expect(noteBubble).toHaveAttribute("data-kind", "note");
    await expect(noteBubble.getByText("Private note")).toBeVisible();
    await expect(noteBubble.getByRole("img", { name: /Sent|Sending|Delivered|Failed/ })).toHaveCount(0);

    // The REST API: private, outgoing, no delivery status.
    await expect
      .poll(async () => (await messagesOf(admin, conv.id)).find((m) => m.content === note))
      .toMatchObject({ private: true, status: null, kind: "outgoing" });

    // A reply sent after the note reaches the receiver; the note never does.
    await page.getByRole("button", { name: "Reply", exact: true }).click();
    const replyText = `Public reply ${tag()}`;
    await new Workspace(page).reply(replyText);
    await expect
      .poll(() => receiver.events.some((e) => e.json.event === "message.created" && e.json.data.content === replyText), { timeout: 20_000 })
      .toBe(true);
    await page.waitForTimeout(2_000); // proving a negative: give a stray delivery time to arrive
    expect(receiver.events.filter((e) => e.body.includes(note)), "the note reached the integrator").toHaveLength(0);
    expect((await messagesOf(admin, conv.id)).find((m) => m.content === note)).toMatchObject({ private: true, status: null });
    await agentCtx.close();
  } finally {
    await receiver.close();
  }
});

test("a reply the callback refuses (400) is failed with the receiver's error and a Resend that delivers it once the receiver accepts", async ({ browser }) => {
  const receiver = await startSwitchableReceiver({ status: 400, body: "unknown customer reference" });
  try {
    const agent = await makeAgent(admin, "Rhea");
    const inbox = await makeInbox(admin, { agents: [agent], callbackUrl: receiver.url });
    const conv = await ingest(admin, inbox, `Fail${tag()} Customer`);
    const { ctx: agentCtx, page } = await openAs(browser, agent, baseUrl(), `/conversations/${conv.number}`);
    await expect(thread(page, conv.number)).toBeVisible();

    const text = `Your refund is on its way ${tag()}`;
    await new Workspace(page).reply(text);
    const b = bubble(page, text);
    // A 4xx is permanent: failed on the first attempt, with the receiver's words.
    await expect(b.getByRole("img", { name: /^Failed to send/ })).toBeVisible({ timeout: 20_000 });
    await expect(b).toContainText("HTTP 400");
    await expect(b).toContainText("unknown customer reference");
    const resend = b.getByRole("button", { name: "Resend" });
    await expect(resend).toBeVisible();
    const failed = (await messagesOf(admin, conv.id)).find((m) => m.content === text);
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("400") });
    expect(receiver.events.filter((e) => e.json?.event === "message.created" && e.json.data.content === text).length).toBeGreaterThanOrEqual(1);

    receiver.answer(200);
    await resend.click();
    await expect(b.getByRole("img", { name: "Sent" })).toBeVisible({ timeout: 20_000 });
    await expect(b.getByRole("button", { name: "Resend" })).toHaveCount(0);
    await expect(b).not.toContainText("Not delivered");
    await expect(b).toHaveCount(1);
    expect((await messagesOf(admin, conv.id)).find((m) => m.content === text)).toMatchObject({ status: "sent", error: null });
    expect(receiver.events.some((e) => e.status === 200 && e.json?.event === "message.created" && e.json.data.content === text)).toBe(true);
    await agentCtx.close();
  } finally {
    await receiver.close();
  }
});

test("a snoozed conversation leaves the Open list and comes back by itself when the snooze ends", async ({ browser }) => {
  const agent = await makeAgent(admin, "Sol");
  const inbox = await makeInbox(admin, { agents: [agent] });
  const conv = await ingest(admin, inbox, `Snooze${tag()} Customer`);
  const { ctx: agentCtx, page } = await openAs(browser, agent);
  const ws = new Workspace(page);
  const row = page.locator(`[data-conversation-row][data-number="${conv.number}"]`);
  await expect(row).toBeVisible();
  await expect(ws.count("all")).toHaveText("1");

  const until = new Date(Date.now() + 3_000).toISOString();
  const snoozed = await admin.patch(`/conversations/${conv.id}`, { status: "snoozed", snoozedUntil: until });
  expect(snoozed).toMatchObject({ status: "snoozed" });
  await expect(row).toHaveCount(0);
  await expect(ws.count("all")).toHaveText("0");

  await expect.poll(async () => (await admin.get(`/conversations/${conv.id}`)).status, { timeout: 20_000, intervals: [500] }).toBe("open");
  // No reload: the open tab learns it from the stream.
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(ws.count("all")).toHaveText("1");
  await agentCtx.close();
});

test("a conversation that arrives while the list is still loading appears: the list's older answer does not hide it", async ({ browser }) => {
  const agent = await makeAgent(admin, "Lia");
  const inbox = await makeInbox(admin, { agents: [agent] });
  const agentCtx = await browser.newContext();
  const page = await agentCtx.newPage();
  await signIn(page, agent.email, agent.password);
  // The list's first request reaches the server (which reads an empty list) but its answer is held
  // back, as on a slow network; the conversation is created and its event arrives meanwhile.
  let answered = () => {};
  const serverAnswered = new Promise<void>((r) => (answered = r));
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  let first = true;
  await page.route((url) => url.pathname === "/api/v1/conversations", async (route) => {
    if (!first) return route.continue();
    first = false;
    const response = await route.fetch();
    answered();
    await held;
    await route.fulfill({ response }).catch(() => {}); // the app may have cancelled it: nothing to answer
  });
  await page.goto(baseUrl() + "/conversations");
  await serverAnswered;
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
  const conv = await ingest(admin, inbox, `Race${tag()} Customer`);
  await page.waitForTimeout(500); // the event reaches the tab while the older answer is still held
  release();
  await expect(page.locator(`[data-conversation-row][data-number="${conv.number}"]`)).toBeVisible({ timeout: 10_000 });
  await agentCtx.close();
});

test("removing an agent from an inbox reaches their open tab: its conversations and counts drop, its new messages never arrive, other inboxes stay live", async ({ browser }) => {
  const agent = await makeAgent(admin, "Remy");
  const inboxX = await makeInbox(admin, { agents: [agent] });
  const inboxY = await makeInbox(admin, { agents: [agent] });
  const t = tag();
  const convX = await ingest(admin, inboxX, `RevX${t} First`, "Secret order details");
  const convY = await ingest(admin, inboxY, `RevY${t} First`);
  // The agent works on instance B; the admin's change and the messages go through instance A.
  const { ctx: agentCtx, page } = await openAs(browser, agent, baseUrlB(), `/conversations/${convX.number}`);
  const ws = new Workspace(page, baseUrlB());
  await expect(thread(page, convX.number)).toBeVisible();
  await expect(page.getByText("Secret order details").first()).toBeVisible();
  await expect(ws.count("all")).toHaveText("2");
  await expect(page.getByRole("link", { name: re(inboxX.name) })).toHaveCount(2); // nav + row

  await admin.put(`/inboxes/${inboxX.id}/agents`, { agentIds: [] });

  const rowX = page.locator(`[data-conversation-row][data-number="${convX.number}"]`);
  await expect(rowX).toHaveCount(0);
  await expect(ws.count("all")).toHaveText("1");
  await expect(page.locator(`[data-conversation-row][data-number="${convY.number}"]`)).toBeVisible();
  // The thread that was open no longer shows the conversation, and the nav drops the inbox.
  // (the client's refetch answers "no longer available", the server re-render "not found": either is right)
  await expect.soft(page.getByText(/This conversation is no longer available|Conversation not found/).first()).toBeVisible();
  await expect.soft(page.getByText("Secret order details")).toHaveCount(0);
  await expect.soft(page.getByRole("navigation", { name: "Conversation views" }).getByText(inboxX.name)).toHaveCount(0);

  // New messages: inbox X's never reaches the tab; inbox Y's does, live.
  const lateX = await ingest(admin, inboxX, `RevX${t} Late`, "Arrives after the agent lost access");
  const liveY = await ingest(admin, inboxY, `RevY${t} Live`);
  await expect(page.locator(`[data-conversation-row][data-number="${liveY.number}"]`)).toBeVisible();
  await expect(ws.count("all")).toHaveText("2");
  await page.waitForTimeout(3_000); // proving a negative: inbox X's event must not arrive
  await expect(page.locator(`[data-conversation-row][data-number="${lateX.number}"]`)).toHaveCount(0);
  await expect(page.getByText(`RevX${t} Late`)).toHaveCount(0);
  await expect(page.getByText("Arrives after the agent lost access")).toHaveCount(0);
  await expect(ws.count("all")).toHaveText("2");
  await agent.api.fails(404, "GET", `/conversations/${lateX.id}`);
  await agent.api.fails(404, "GET", `/conversations/${convX.id}`);
  await agentCtx.close();
});

test("deactivating an agent signs their open tab out and their token stops working", async ({ browser }) => {
  const agent = await makeAgent(admin, "Dex");
  const inbox = await makeInbox(admin, { agents: [agent] });
  const conv = await ingest(admin, inbox, `Deact${tag()} Customer`);
  const { ctx: agentCtx, page } = await openAs(browser, agent, baseUrlB(), `/conversations/${conv.number}`);
  await expect(thread(page, conv.number)).toBeVisible();
  expect(await agent.api.get("/profile")).toMatchObject({ id: agent.id });

  await admin.del(`/agents/${agent.id}`);

  // Without the agent doing anything, the open stream sends the tab to the login page.
  let needsClick = false;
  try {
    await expect(page).toHaveURL(/\/login/, { timeout: 15_000 });
  } catch {
    needsClick = true;
  }
  if (needsClick) {
    test.info().annotations.push({ type: "finding", description: "the deactivated agent's tab was not signed out until their next click" });
    await page.getByRole("link", { name: "Mine" }).click();
    await expect(page).toHaveURL(/\/login/);
  }
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await agent.api.fails(401, "GET", "/profile", undefined, "unauthorized");
  await agent.api.fails(401, "GET", `/conversations/${conv.id}`, undefined, "unauthorized");
  await page.goto(baseUrlB() + `/conversations/${conv.number}`);
  await expect(page).toHaveURL(/\/login/);
  await agentCtx.close();
  expect(needsClick, "tab signed out by itself").toBe(false);
});

test("team routing: the Team menu offers only the inbox's teams, Assign only agents who can see the inbox, and the change shows live in another agent's tab", async ({ browser }) => {
  const teamMate = await makeAgent(admin, "Tess"); // sees inbox I through the team
  const direct = await makeAgent(admin, "Dana"); // direct member of inbox I
  const outsider = await makeAgent(admin, "Otto"); // works another inbox only
  const team = await makeTeam(admin, [teamMate], "Billing");
  const otherTeam = await makeTeam(admin, [outsider], "Sales");
  const inbox = await makeInbox(admin, { agents: [direct], teams: [team] });
  await makeInbox(admin, { agents: [outsider], teams: [otherTeam] });
  const conv = await ingest(admin, inbox, `Route${tag()} Customer`);

  const dana = await openAs(browser, direct, baseUrl(), `/conversations/${conv.number}`);
  const tess = await openAs(browser, teamMate, baseUrlB(), `/conversations/${conv.number}`);
  await expect(thread(dana.page, conv.number)).toBeVisible();
  await expect(thread(tess.page, conv.number)).toBeVisible();
  const header = (p: Page) => thread(p, conv.number);

  // Team menu: the inbox's team only.
  await header(dana.page).getByRole("button", { name: "Team: none" }).click();
  const teamMenu = dana.page.getByRole("menu");
  await expect(teamMenu.getByText(`Teams of ${inbox.name}`)).toBeVisible();
  await expect(teamMenu.getByRole("menuitem")).toHaveCount(1);
  await expect(teamMenu.getByRole("menuitem", { name: team.name })).toBeVisible();
  await expect(teamMenu.getByRole("menuitem", { name: otherTeam.name })).toHaveCount(0);
  await teamMenu.getByRole("menuitem", { name: team.name }).click();
  await expect(teamMenu).toBeHidden();
  await expect(header(dana.page).getByRole("button", { name: `Team: ${team.name}` })).toBeVisible();
  await expect(header(tess.page).getByRole("button", { name: `Team: ${team.name}` })).toBeVisible();

  // Assign menu: the inbox's agents (direct and through the team), never an agent of another inbox.
  await header(dana.page).getByRole("button", { name: "Assignee: Unassigned" }).click();
  const assignMenu = dana.page.getByRole("menu");
  await expect(assignMenu.getByRole("menuitem", { name: teamMate.name })).toBeVisible();
  await expect(assignMenu.getByRole("menuitem", { name: `${direct.name} (you)` })).toBeVisible();
  await expect(assignMenu.getByRole("menuitem", { name: outsider.name })).toHaveCount(0);
  await assignMenu.getByRole("menuitem", { name: teamMate.name }).click();
  await expect(assignMenu).toBeHidden();
  await expect(header(dana.page).getByRole("button", { name: `Assignee: ${teamMate.name}` })).toBeVisible();
  await expect(header(tess.page).getByRole("button", { name: `Assignee: ${teamMate.name}` })).toBeVisible();

  const after = await admin.get(`/conversations/${conv.id}`);
  expect(after).toMatchObject({ teamId: team.id, assigneeId: teamMate.id });
  // The rule holds at the API too: an outsider or a foreign team is refused.
  await direct.api.fails(422, "PATCH", `/conversations/${conv.id}`, { assigneeId: outsider.id });
  await direct.api.fails(422, "PATCH", `/conversations/${conv.id}`, { teamId: otherTeam.id });
  await Promise.all([dana.ctx.close(), tess.ctx.close()]);
});

test("an agent attaches files (picker and paste), sees them upload, sends them, and the integrator receives working links", async ({ browser }) => {
  const receiver = await startCallbackReceiver();
  try {
    const agent = await makeAgent(admin, "Pia");
    const inbox = await makeInbox(admin, { agents: [agent], callbackUrl: receiver.url });
    const conv = await ingest(admin, inbox, `Files${tag()} Customer`);
    const { ctx: agentCtx, page } = await openAs(browser, agent, baseUrl(), `/conversations/${conv.number}`);
    await expect(thread(page, conv.number)).toBeVisible();

    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    await page.locator('input[type="file"]').setInputFiles([
      { name: "receipt.png", mimeType: "image/png", buffer: png },
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("order 1234\n") },
    ]);
    const chips = page.getByRole("list", { name: "Attached files" });
    await expect(chips.getByRole("listitem")).toHaveCount(2);
    await expect(chips.getByLabel("Uploading")).toHaveCount(0);

    // A file that is not allowed shows its reason on the chip and is not sent.
    await page.locator('input[type="file"]').setInputFiles([{ name: "tool.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ\x90\x00") }]);
    await expect(chips.getByRole("listitem").filter({ hasText: "tool.exe" })).toContainText("cannot be sent");
    await chips.getByRole("button", { name: "Remove tool.exe" }).click();

    // A screenshot pasted into the reply box becomes a third attachment.
    await page.getByRole("textbox", { name: "Reply" }).evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, png.toString("base64"));
    await expect(chips.getByRole("listitem")).toHaveCount(3);
    await expect(chips.getByLabel("Uploading")).toHaveCount(0);

    const text = `Here are your files ${tag()}`;
    await page.getByRole("textbox", { name: "Reply" }).fill(text);
    await page.getByRole("button", { name: "Send" }).click();
    const sent = bubble(page, text);
    await expect(sent).toHaveCount(1);
    await expect(sent.getByRole("img", { name: "receipt.png" })).toBeVisible();
    await expect(sent.getByRole("img", { name: "pasted.png" })).toBeVisible();
    await expect(sent.getByRole("link", { name: /notes\.txt/ })).toBeVisible();
    await expect(chips).toHaveCount(0);

    await expect.poll(() => (receiver.events.find((e) => e.json.data?.content === text)?.json.data.attachments as unknown[] | undefined)?.length, { timeout: 20_000 }).toBe(3);
    const [image] = receiver.events.find((e) => e.json.data?.content === text)!.json.data.attachments as { name: string; url: string }[];
    expect(image).toMatchObject({ name: "receipt.png", contentType: "image/png", size: png.length });
    const download = await fetch(image.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    await agentCtx.close();
  } finally {
    await receiver.close();
  }
});
