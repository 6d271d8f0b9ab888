import { expect, test, type Locator, type Page } from "@playwright/test";
import type { Api, User } from "./support/api-client";
import { ADMIN, baseUrl, screenshotPath, signIn } from "./support/app";
import { ingest, makeAgent, makeInbox, makeTeam, re, withAdminApi } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * Auto-assignment's settings and presence in the UI (issue 14): an admin caps an agent's open
 * conversations in Settings → Agents (a bad value is refused at the field), switches an inbox to
 * round robin with a per-inbox cap on its Collaborators tab, and everywhere a colleague is listed
 * (Agents, the inbox's people, the thread's assign menu) their presence dot follows their
 * availability live, with no reload.
 */
let admin: Api;

withAdminApi((s) => ({ admin } = s));

/** A name followed by its presence words (the sr-only part's own box adds a space before the comma). */
const withPresence = (name: string, presence: string) => new RegExp(`${re(name).source}\\s?, ${presence}`);

const setAvailability = (user: User, availability: "online" | "busy" | "offline") => user.api.patch("/profile", { availability });

/**
 * Sets `user`'s availability through the API and expects `dot` to show `presence` without a reload.
 * Repeated until it does: the page's event stream may still be connecting when the first PATCH is
 * announced (each PATCH announces again).
 */
async function expectLive(user: User, availability: "online" | "busy" | "offline", dot: Locator, presence: string) {
  await expect(async () => {
    await setAvailability(user, availability);
    await expect(dot).toHaveAttribute("data-presence", presence, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
}

/** Toasts would cover what the screenshot is of. */
async function dismissToasts(page: Page) {
  // A toast may leave by itself meanwhile: then there is nothing to click.
  for (const close of await page.getByRole("button", { name: "Dismiss notification" }).all()) await close.click({ timeout: 2_000 }).catch(() => undefined);
  await expect(page.getByRole("button", { name: "Dismiss notification" })).toHaveCount(0);
}

test("an admin sets capacities and round robin, and presence dots follow availability live", async ({ browser }) => {
  const agent = await makeAgent(admin, "Cap");
  const teamMate = await makeAgent(admin, "Mate");
  const team = await makeTeam(admin, [teamMate], "Night");
  const inbox = await makeInbox(admin, { agents: [agent], teams: [team] });
  // A deactivated colleague's row must meet the contrast floor too (CI once caught faded rows).
  await admin.del(`/agents/${(await makeAgent(admin, "Gone")).id}`);
  // Nobody has a tab open for them: both start away (docs/architecture.md §2.3).
  await setAvailability(agent, "online");
  await setAvailability(teamMate, "online");

  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  try {
    await signIn(page, ADMIN.email, ADMIN.password);

    // Settings → Agents: presence and capacity columns.
    const presenceLoaded = page.waitForResponse((r) => r.url().endsWith("/api/v1/presence") && r.ok());
    await page.goto(baseUrl() + "/settings/agents");
    await presenceLoaded;
    const row = page.locator(`li[data-agent-id="${agent.id}"]`);
    const dot = row.locator("[data-presence]");
    await expect(dot).toHaveAttribute("data-presence", "offline");
    await expect(row).toContainText(`${agent.name}, away`);
    await expect(row.getByTestId("agent-capacity")).toHaveText("Capacity: No limit");

    // A bad value is refused by the server and shown at the field; a good one is saved.
    await row.getByRole("button", { name: `Actions for ${agent.name}` }).click();
    await page.getByRole("menuitem", { name: "Set capacity…" }).click();
    const dialog = page.getByRole("dialog", { name: `Capacity of ${agent.name}` });
    const field = dialog.getByRole("textbox", { name: "Open conversations at most" });
    await field.fill("-2");
    await dialog.getByRole("button", { name: "Save capacity" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/0 or more/);
    await expect(dialog).toBeVisible();
    await page.screenshot({ path: screenshotPath("agents-capacity-dialog") });
    await expectAccessible(page, "the capacity dialog", { include: "[role=dialog]", soft: true });
    await field.fill("5");
    await dialog.getByRole("button", { name: "Save capacity" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`${agent.name}: at most 5 open`)).toBeVisible();
    await expect(row.getByTestId("agent-capacity")).toHaveText("Capacity: 5 open");
    expect((await admin.get(`/agents/${agent.id}`)).capacity).toBe(5);

    // Their availability changes elsewhere: the dot follows without a reload.
    await expectLive(agent, "busy", dot, "busy");
    await expect(row).toContainText(`${agent.name}, busy`);
    await row.scrollIntoViewIfNeeded();
    await dismissToasts(page);
    await page.screenshot({ path: screenshotPath("agents-capacity") });
    await expectAccessible(page, "Settings → Agents", { soft: true });

    // The inbox's Collaborators tab: the Assignment card.
    await page.goto(baseUrl() + `/settings/inboxes/${inbox.id}/collaborators`);
    const card = page.getByTestId("assignment-card");
    await expect(card.getByRole("heading", { name: "Assignment" })).toBeVisible();
    const people = card.getByRole("list", { name: "People in this inbox" });
    await expect(people.locator(`[data-pool-member="${agent.id}"]`)).toContainText("Direct member");
    await expect(people.locator(`[data-pool-member="${agent.id}"] [data-presence]`)).toHaveAttribute("data-presence", "busy");
    await expect(people.locator(`[data-pool-member="${teamMate.id}"]`)).toContainText(team.name);
    await expect(people.locator(`[data-pool-member="${agent.id}"]`)).toContainText("5 open max");
    // The Agents picker's chip shows the dot too.
    await expect(page.getByRole("list", { name: "Selected" }).first()).toContainText(`${agent.name}, busy`);

    const toggle = card.getByRole("switch", { name: "Assign conversations automatically" });
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await toggle.click();
    await expect(card.getByRole("radio", { name: /Balanced/ })).toBeChecked();
    await card.getByRole("radio", { name: /Round robin/ }).check();
    const cap = card.getByRole("textbox", { name: "Cap per agent in this inbox" });
    await cap.fill("0");
    await card.getByRole("button", { name: "Save assignment" }).click();
    await expect(cap).toHaveAccessibleDescription(/At least 1/);
    expect((await admin.get(`/inboxes/${inbox.id}`)).autoAssignment.enabled).toBe(false);
    await cap.fill("3");
    await card.getByRole("button", { name: "Save assignment" }).click();
    await expect(page.getByText("Auto-assignment on")).toBeVisible();
    await expect(cap).not.toHaveAttribute("aria-invalid", "true");
    expect((await admin.get(`/inboxes/${inbox.id}`)).autoAssignment).toEqual({ enabled: true, mode: "round_robin", capacity: 3 });

    // The team member turns busy: their dot in the card changes live.
    const mateDot = people.locator(`[data-pool-member="${teamMate.id}"] [data-presence]`);
    await expect(mateDot).toHaveAttribute("data-presence", "offline");
    await expectLive(teamMate, "busy", mateDot, "busy");
    await expect(card.getByTestId("pool-online")).toHaveText("0 of 2 online");
    await card.scrollIntoViewIfNeeded();
    await dismissToasts(page);
    await card.screenshot({ path: screenshotPath("assignment-section") });
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.screenshot({ path: screenshotPath("assignment-collaborators-tab") });
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectAccessible(page, "the Collaborators tab", { soft: true });

    // Kept across a reload.
    await page.reload();
    await expect(card.getByRole("switch", { name: "Assign conversations automatically" })).toHaveAttribute("aria-checked", "true");
    await expect(card.getByRole("radio", { name: /Round robin/ })).toBeChecked();
    await expect(card.getByRole("textbox", { name: "Cap per agent in this inbox" })).toHaveValue("3");

    // The thread's assign menu: a dot beside each agent, in the server's order, live.
    await setAvailability(teamMate, "online");
    const conv = await ingest(admin, inbox, `Presence Customer ${agent.id.slice(0, 6)}`);
    await page.goto(baseUrl() + `/conversations/${conv.number}`);
    await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
    const order = (await admin.get(`/conversations/${conv.number}/assignable`)).agents.map((a: { id: string }) => a.id);
    await page.getByRole("button", { name: /^Assignee:/ }).click();
    const menu = page.getByRole("menu");
    const item = menu.locator(`[data-agent-id="${agent.id}"]`);
    await expect(item.locator("[data-presence]")).toHaveAttribute("data-presence", "busy");
    await expect(menu.getByRole("menuitem", { name: withPresence(agent.name, "busy") })).toBeVisible();
    await expect(menu.locator(`[data-agent-id="${teamMate.id}"] [data-presence]`)).toHaveAttribute("data-presence", "offline");
    expect(await menu.locator("[data-agent-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-agent-id")))).toEqual(order);
    await page.screenshot({ path: screenshotPath("assign-menu-presence") });
    await expectAccessible(page, "the assign menu", { include: "[role=menu]", soft: true });
    await expectLive(agent, "offline", item.locator("[data-presence]"), "offline");
    await expect(menu.getByRole("menuitem", { name: withPresence(agent.name, "away") })).toBeVisible();
  } finally {
    await adminCtx.close();
  }
});
