import { expect, test, type Page } from "@playwright/test";
import { expectError, type Api } from "./support/api-client";
import { ADMIN, baseUrl, signIn } from "./support/app";
import { ingest, makeAgent, makeInbox, openAs, startSwitchableReceiver, tag, withAdminApi } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * Labels (docs/architecture.md §5.6): the REST shapes as an integrator would probe them, then the whole
 * flow in the browser — an admin creates a label, an agent adds it with `l`, the list row shows
 * it, the sidebar filters by it, and the admin's rename reaches the agent's open tab live.
 * Every name carries a tag: the database is shared with the other specs.
 */
const SHOTS = "test-results/screenshots";
let admin: Api;

withAdminApi((s) => ({ admin } = s));

test("REST: labels CRUD, conversation labels, the labelId filter and the callback", async () => {
  const agent = await makeAgent(admin, "Lab");
  const receiver = await startSwitchableReceiver({ status: 200 });
  try {
    const inbox = await makeInbox(admin, { agents: [agent], callbackUrl: receiver.url });
    const hiddenInbox = await makeInbox(admin);
    const t = tag();

    const refund = await admin.post("/labels", { name: `Refund ${t}`, color: "#CC3344", description: "Money back" });
    expect(refund).toEqual({ id: expect.any(String), name: `Refund ${t}`, color: "#cc3344", description: "Money back" });
    const vip = await admin.post("/labels", { name: `VIP ${t}`, color: "#3355cc" });
    const dup = await expectError(await admin.call("POST", "/labels", { name: `refund ${t}`, color: "#112233" }), 409, "conflict");
    expect(dup.fields).toEqual({ name: ["Already in use"] });
    await expectError(await admin.call("POST", "/labels", { name: "a,b", color: "#112233" }), 400, "validation");
    await expectError(await admin.call("POST", "/labels", { name: `Ok ${t}`, color: "teal" }), 400, "validation");
    await expectError(await agent.api.call("POST", "/labels", { name: `Agent ${t}`, color: "#112233" }), 403);
    await expectError(await agent.api.call("PATCH", `/labels/${refund.id}`, { name: "x" }), 403);
    const listed = (await agent.api.get("/labels")).data.find((l: { id: string }) => l.id === refund.id);
    expect(listed).toMatchObject({ id: refund.id, name: `Refund ${t}`, color: "#cc3344", description: "Money back", conversationCount: 0 });

    const one = await ingest(admin, inbox, `Lab One ${t}`);
    const two = await ingest(admin, inbox, `Lab Two ${t}`);
    const hidden = await ingest(admin, hiddenInbox, `Lab Hidden ${t}`);

    const conv = await agent.api.put(`/conversations/${one.id}/labels`, { labelIds: [vip.id, refund.id] });
    expect(conv).toMatchObject({ id: one.id, number: one.number });
    expect(conv.labels).toEqual([
      { id: refund.id, name: `Refund ${t}`, color: "#cc3344" },
      { id: vip.id, name: `VIP ${t}`, color: "#3355cc" },
    ]);
    const unknown = await expectError(
      await agent.api.call("PUT", `/conversations/${one.id}/labels`, { labelIds: ["00000000-0000-4000-8000-000000000000"] }),
      422,
      "unprocessable",
    );
    expect(unknown.fields).toHaveProperty("labelIds");
    await expectError(await agent.api.call("PUT", `/conversations/${hidden.id}/labels`, { labelIds: [refund.id] }), 404, "not_found");
    await expectError(await agent.api.call("PUT", `/conversations/${one.id}/labels`, { labels: [] }), 400, "validation");

    // The activity line names who added which label.
    const thread = (await agent.api.get(`/conversations/${one.id}/messages`)).data as { kind: string; content: string }[];
    expect(thread.filter((m) => m.kind === "activity").map((m) => m.content)).toContain(`${agent.name} added labels Refund ${t}, VIP ${t}`);

    // The filter, with the counts honouring it; an unknown label matches nothing; a non-id is a 400.
    const page = await agent.api.get(`/conversations?labelId=${refund.id}`);
    expect(page.data.map((c: { id: string }) => c.id)).toEqual([one.id]);
    expect(page.counts).toEqual({ mine: 0, unassigned: 1, all: 1 });
    expect((await agent.api.get(`/conversations`)).data.find((c: { id: string }) => c.id === two.id).labels).toEqual([]);
    expect(await admin.get("/conversations?labelId=00000000-0000-4000-8000-000000000000")).toMatchObject({ data: [], counts: { all: 0 } });
    await expectError(await admin.call("GET", "/conversations?labelId=refund"), 400, "validation");

    // The api channel's callback: conversation.updated whose data is the conversation, labels included.
    await expect
      .poll(() => receiver.events.find((e) => e.json?.event === "conversation.updated" && e.json?.data?.id === one.id)?.json?.data ?? null, { timeout: 20_000 })
      .toMatchObject({ id: one.id, changes: ["labelIds"], labels: [{ id: refund.id }, { id: vip.id }] });

    // A rename shows on the conversation; a deleted label is gone from it.
    await admin.patch(`/labels/${vip.id}`, { name: `Very Important ${t}` });
    expect((await agent.api.get(`/conversations/${one.id}`)).labels.map((l: { name: string }) => l.name)).toEqual([`Refund ${t}`, `Very Important ${t}`]);
    await admin.del(`/labels/${refund.id}`);
    expect((await agent.api.get(`/conversations/${one.id}`)).labels.map((l: { id: string }) => l.id)).toEqual([vip.id]);
    await expectError(await admin.call("DELETE", `/labels/${refund.id}`), 404, "not_found");
    await admin.del(`/labels/${vip.id}`);
  } finally {
    await receiver.close();
  }
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/labels-${name}.png` });

test("an admin creates a label, an agent adds it with l, filters by it, and sees the admin's rename live", async ({ browser }) => {
  const agent = await makeAgent(admin, "Lia");
  const inbox = await makeInbox(admin, { agents: [agent] });
  const t = tag();
  const target = await ingest(admin, inbox, `Lia Customer ${t}`, "I would like my money back please");
  const other = await ingest(admin, inbox, `Lia Other ${t}`, "Where is my parcel?");
  const name = `Refund ${t}`;

  // The admin: Settings → Labels, create one through the dialog (a duplicate shows its error inline).
  const adminCtx = await browser.newContext();
  const adminPage = await adminCtx.newPage();
  await signIn(adminPage, ADMIN.email, ADMIN.password);
  await adminPage.goto(baseUrl() + "/settings/labels");
  await expect(adminPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Labels" })).toHaveAttribute("aria-current", "page");
  await shot(adminPage, "settings-start"); // the teaching empty state when no spec left a label behind
  await adminPage.getByRole("button", { name: "New label" }).first().click();
  const dialog = adminPage.getByRole("dialog", { name: "New label" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: "Teal" }).click();
  await expect(dialog.getByRole("textbox", { name: "Colour" })).toHaveValue("#2f9c95");
  await dialog.getByLabel("Description").fill("The customer asks for their money back");
  await shot(adminPage, "dialog");
  await expectAccessible(adminPage, "the new-label dialog", { soft: true });
  await dialog.getByRole("button", { name: "Create label" }).click();
  await expect(dialog).toBeHidden();
  const row = adminPage.getByTestId("label-row").filter({ hasText: name });
  await expect(row).toContainText("The customer asks for their money back");
  await expect(row.getByTestId("label-conversations")).toHaveText("0");

  await adminPage.getByRole("button", { name: "New label" }).first().click();
  await dialog.getByLabel("Name").fill(name.toUpperCase());
  await dialog.getByRole("button", { name: "Create label" }).click();
  await expect(dialog.getByText("Already in use")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  const label = (await admin.get("/labels")).data.find((l: { name: string }) => l.name === name);

  // The agent opens the conversation and presses l, types, Enter: the chip shows in header and row.
  const { ctx: agentCtx, page } = await openAs(browser, agent, baseUrl(), `/conversations/${target.number}`);
  const header = page.getByTestId("label-picker");
  await expect(header).toHaveText("Labels");
  const search = page.getByRole("combobox", { name: "Search labels" });
  // The thread streams in after the shell: the first press may land before it has hydrated.
  await expect(async () => {
    await page.keyboard.press("l");
    await expect(search).toBeFocused({ timeout: 1_000 });
  }).toPass();
  await search.fill(t);
  await expect(page.getByRole("option", { name })).toBeVisible();
  await shot(page, "picker");
  await expectAccessible(page, "the label picker", { soft: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("option", { name })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(header).toContainText(name);
  const targetRow = page.locator(`[data-conversation-row][data-number="${target.number}"]`);
  await expect(targetRow.getByTestId("label-chip")).toHaveText(name);
  await expect(page.locator(`[data-conversation-row][data-number="${other.number}"]`).getByTestId("label-chip")).toHaveCount(0);
  // Saved on the server, with the activity line in the thread.
  await expect.poll(async () => (await agent.api.get(`/conversations/${target.id}`)).labels.map((l: { id: string }) => l.id)).toEqual([label.id]);
  await expect(page.getByText(`${agent.name} added label ${name}`)).toBeVisible();

  // The sidebar: the label with its open count; the link filters the list and the URL holds it.
  const nav = page.getByRole("navigation", { name: "Conversation views" });
  const navLink = nav.getByRole("link", { name: new RegExp(`^${name}`) });
  await expect(navLink.getByTestId("label-open-count")).toHaveText("1");
  await navLink.click();
  await expect(page).toHaveURL(new RegExp(`[?&]label=${label.id}`));
  await expect(page.locator("[data-conversation-row]")).toHaveCount(1);
  await expect(targetRow).toBeVisible();
  await expect(page.getByTestId("count-all")).toHaveText("1");
  // Opening it keeps the filter in the URL.
  await targetRow.click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${target.number}\\?.*label=${label.id}`));
  await expect(header).toContainText(name);
  await shot(page, "workspace");
  await expectAccessible(page, "the workspace filtered by a label", { soft: true });

  // The admin renames and recolours it: the agent's open tab shows it without a reload.
  await adminPage.reload();
  await expect(row.getByTestId("label-conversations")).toHaveText("1");
  await row.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = adminPage.getByRole("dialog", { name: "Edit label" });
  const renamed = `Money back ${t}`;
  await edit.getByLabel("Name").fill(renamed);
  await edit.getByRole("radio", { name: "Amber" }).click();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(adminPage.getByTestId("label-row").filter({ hasText: renamed })).toBeVisible();
  await shot(adminPage, "settings");
  await expectAccessible(adminPage, "Settings → Labels", { soft: true });

  await expect(targetRow.getByTestId("label-chip")).toHaveText(renamed);
  await expect(header).toContainText(renamed);
  await expect(nav.getByRole("link", { name: new RegExp(`^${renamed}`) })).toBeVisible();

  // Deleting it (the dialog says how many conversations carry it) removes it from the open tab too.
  await adminPage.getByRole("button", { name: `Delete ${renamed}` }).click();
  const confirm = adminPage.getByRole("dialog", { name: `Delete “${renamed}”?` });
  await expect(confirm).toContainText("1 conversation carries this label");
  await confirm.getByRole("button", { name: "Delete label" }).click();
  await expect(confirm).toBeHidden();
  await expect(header).toHaveText("Labels");
  await expect(nav.getByRole("link", { name: new RegExp(`^${renamed}`) })).toHaveCount(0);

  await agentCtx.close();
  await adminCtx.close();
});
