import { expect, type Page } from "@playwright/test";
import { baseUrl } from "./app";

/** Page objects for the screens the suite drives; selectors are roles and labels users see. */
export class AgentsPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto(baseUrl() + "/settings/agents");
    await expect(this.page.getByRole("heading", { name: "Agents" })).toBeVisible();
  }
  async add(agent: { name: string; email: string; password: string }) {
    await this.page.getByRole("button", { name: "Add agent" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add agent" });
    await dialog.getByLabel("Name").fill(agent.name);
    await dialog.getByLabel("Email").fill(agent.email);
    await dialog.getByLabel("Initial password").fill(agent.password);
    await dialog.getByRole("button", { name: "Add agent" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByText(agent.email)).toBeVisible();
  }
}

export class InboxesPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto(baseUrl() + "/settings/inboxes");
    await expect(this.page.getByRole("heading", { name: "Inboxes", exact: true })).toBeVisible();
  }
  /** Runs the whole "Add inbox" flow for the api channel and returns the new inbox id. */
  async createApiInbox(name: string, callbackUrl: string, agentNames: string[]) {
    await this.page.goto(baseUrl() + "/settings/inboxes/new");
    await this.page.locator(`a[href="/settings/inboxes/new/api"]`).click();
    await this.page.getByLabel("Inbox name").fill(name);
    await this.page.getByLabel("Callback URL").fill(callbackUrl);
    await this.page.getByRole("button", { name: "Check and create" }).click();
    await expect(this.page).toHaveURL(/\/settings\/inboxes\/[0-9a-f-]{36}\/setup/);
    const id = /inboxes\/([0-9a-f-]{36})\//.exec(this.page.url())![1]!;
    const agents = this.page.getByRole("combobox", { name: "Agents" });
    for (const agent of agentNames) {
      await agents.fill(agent);
      await this.page.getByRole("option", { name: new RegExp(agent) }).click();
    }
    await this.page.getByRole("button", { name: "Save and continue" }).click();
    await expect(this.page).toHaveURL(new RegExp(`/settings/inboxes/${id}/finish`));
    return id;
  }
  async delete(id: string, name: string) {
    await this.page.goto(baseUrl() + `/settings/inboxes/${id}`);
    await this.page.getByRole("button", { name: "Delete inbox" }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("textbox").fill(name);
    await dialog.getByRole("button", { name: "Delete inbox" }).click();
    await expect(dialog).toBeHidden();
  }
}

export class Workspace {
  constructor(
    private page: Page,
    private base = baseUrl(),
  ) {}
  async open(query = "view=all") {
    await this.page.goto(`${this.base}/conversations?${query}`);
  }
  count(view: "mine" | "unassigned" | "all") {
    return this.page.getByTestId(`count-${view}`);
  }
  row(contactName: string) {
    return this.page.getByRole("link", { name: new RegExp(contactName) });
  }
  async reply(text: string) {
    const box = this.page.getByRole("textbox", { name: "Reply" });
    await box.fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
  }
}
