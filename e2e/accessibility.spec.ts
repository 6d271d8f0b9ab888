import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { Api } from "./support/api-client";
import { ADMIN, baseUrl, signIn } from "./support/app";
import { adminApi, ingest, makeAgent, makeInbox, tag, type Conv } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * docs/architecture.md §8: "every control reachable by keyboard with a visible focus ring; axe finds nothing serious".
 * Each page is scanned with axe-core's default rule set once it has rendered its content; any
 * serious or critical violation fails the test with a readable list (rule, impact, targets).
 * /setup is not scanned: once the workspace is set up it redirects away.
 */
let ctx: APIRequestContext;
let admin: Api;
let conv: Conv;

test.beforeAll(async ({ browser, playwright }) => {
  ctx = await playwright.request.newContext();
  admin = await adminApi(browser, ctx);
  // A conversation with every kind of bubble: incoming, a sent reply, a private note, an activity line.
  const agent = await makeAgent(admin, "Axel");
  const inbox = await makeInbox(admin, { agents: [agent] });
  conv = await ingest(admin, inbox, `A11y${tag()} Customer`, "Hi, my parcel never arrived — can you check?");
  await admin.post(`/conversations/${conv.id}/messages`, { content: "Sorry about that — checking with the courier now." });
  await admin.post(`/conversations/${conv.id}/messages`, { content: "Courier ticket opened, follow up tomorrow.", private: true });
});
test.afterAll(() => ctx?.dispose());

async function signedInAdmin(page: Page) {
  await signIn(page, ADMIN.email, ADMIN.password);
}

test("/login", async ({ page }) => {
  await page.goto(baseUrl() + "/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "/login");
});

test("/conversations with a conversation open", async ({ page }) => {
  await signedInAdmin(page);
  await page.goto(baseUrl() + `/conversations/${conv.number}`);
  const thread = page.getByRole("region", { name: new RegExp(`^Conversation #${conv.number} with`) });
  await expect(thread).toBeVisible();
  await expect(thread.getByText("Courier ticket opened, follow up tomorrow.")).toBeVisible();
  await expect(page.locator(`[data-conversation-row][data-number="${conv.number}"]`)).toBeVisible();
  await expect(page.getByTestId("count-all")).toHaveText(/\d/);
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
  await expectAccessible(page, "/conversations/<number>");
});

test("/conversations overlays: assign menu, note composer, shortcuts dialog", async ({ page }) => {
  await signedInAdmin(page);
  await page.goto(baseUrl() + `/conversations/${conv.number}`);
  const thread = page.getByRole("region", { name: new RegExp(`^Conversation #${conv.number} with`) });
  await expect(thread.getByText("Courier ticket opened, follow up tomorrow.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();

  await thread.getByRole("button", { name: /^Assignee:/ }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  // Pointing at an agent (as a user choosing one does) highlights the item: scan that state deterministically.
  await page.getByRole("menuitem", { name: /\(you\)/ }).hover();
  await expectAccessible(page, "/conversations/<number> — Assign menu open, an agent highlighted", { soft: true });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();

  await thread.getByRole("button", { name: "Private note" }).click();
  await expect(thread.getByRole("textbox", { name: "Private note" })).toBeVisible();
  await expectAccessible(page, "/conversations/<number> — Private note composer", { soft: true });
  await thread.getByRole("button", { name: "Reply", exact: true }).click();

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await expectAccessible(page, "/conversations/<number> — shortcuts dialog", { soft: true });
});

const SETTINGS: { path: string; heading: string | RegExp }[] = [
  { path: "/settings/inboxes", heading: "Inboxes" },
  { path: "/settings/inboxes/new/api", heading: /API/i },
  { path: "/settings/agents", heading: "Agents" },
  { path: "/settings/teams", heading: "Teams" },
  { path: "/settings/labels", heading: "Labels" },
  { path: "/profile", heading: "Profile" },
  { path: "/settings/api", heading: "REST API" },
];

for (const { path, heading } of SETTINGS) {
  test(path, async ({ page }) => {
    await signedInAdmin(page);
    await page.goto(baseUrl() + path);
    await expect(page.getByRole("heading", { name: heading, level: 1 }).first()).toBeVisible();
    await expectAccessible(page, path);
  });
}
