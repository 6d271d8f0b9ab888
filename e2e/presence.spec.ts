import { expect, test } from "@playwright/test";
import type { Api } from "./support/api-client";
import { screenshotPath } from "./support/app";
import { makeAgent, openAs, withAdminApi } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/*
 * Presence (docs/architecture.md §5.8): each user sets their availability from the rail's account menu and
 * sees it there; an open workspace (a live event stream) is what makes them online.
 */
let admin: Api;

withAdminApi((s) => ({ admin } = s));

test("an agent switches to busy and back from the account menu; an open tab makes them online", async ({ browser }) => {
  const agent = await makeAgent(admin, "Presence");
  const { ctx: tab, page } = await openAs(browser, agent);
  try {
    const account = page.getByTestId("account-menu");
    await expect(account).toHaveAccessibleName(`Account: ${agent.name}, online`);
    // The open workspace holds an event stream: presence is online.
    await expect.poll(async () => (await agent.api.get("/profile")).presence, { timeout: 15_000 }).toBe("online");

    await account.click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitemradio", { name: /Online/ })).toHaveAttribute("aria-checked", "true");
    await page.screenshot({ path: screenshotPath("presence-menu") });
    await expectAccessible(page, "the presence menu", { include: "[role=menu]", soft: true });
    await menu.getByRole("menuitemradio", { name: /Busy/ }).click();
    await expect(account).toHaveAccessibleName(`Account: ${agent.name}, busy`);
    await expect.poll(async () => (await agent.api.get("/profile")).presence).toBe("busy");
    expect((await admin.get(`/agents/${agent.id}`)).presence).toBe("busy");

    // Kept across a reload, and switched back with the keyboard.
    await page.reload();
    await expect(account).toHaveAccessibleName(`Account: ${agent.name}, busy`);
    await account.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitemradio", { name: /Online/ }).focus();
    await page.keyboard.press("Enter");
    await expect(account).toHaveAccessibleName(`Account: ${agent.name}, online`);
    await expect.poll(async () => (await agent.api.get("/profile")).availability).toBe("online");
  } finally {
    await tab.close();
  }
});
