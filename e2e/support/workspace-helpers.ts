import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { Api, type Inbox, type Json, type User } from "./api-client";
import { ADMIN, apiToken, baseUrl, sendSigned, signIn, signInAdmin } from "./app";

/*
 * Helpers for the workspace and accessibility specs. The database is shared with every other
 * spec, so every name made here carries a fixed-length random tag: no name is a prefix of another,
 * which keeps role/name lookups (substring matches) unambiguous.
 */
export const tag = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

/** Escapes a literal for use inside a RegExp. */
export const re = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The admin's REST caller; runs first-run setup through the browser if this spec is first. */
export async function adminApi(browser: Browser, request: APIRequestContext): Promise<Api> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signInAdmin(page);
  await ctx.close();
  return new Api(request, await apiToken(request, ADMIN.email, ADMIN.password));
}

/**
 * For a spec's top level: a request context and the admin's REST caller before its tests (handed
 * to `set`), the context disposed after them.
 */
export function withAdminApi(set: (s: { ctx: APIRequestContext; admin: Api }) => void) {
  let ctx: APIRequestContext | undefined;
  test.beforeAll(async ({ browser, playwright }) => {
    ctx = await playwright.request.newContext();
    set({ ctx, admin: await adminApi(browser, ctx) });
  });
  test.afterAll(() => ctx?.dispose());
}

export async function makeAgent(admin: Api, first = "Agent"): Promise<User> {
  const t = tag();
  const input = { name: `${first} ${t}`, email: `ws-${t}@workspace.test`, role: "agent", password: `pw-${t}-secret` };
  const { id } = await admin.post("/agents", input);
  return { ...input, id, api: new Api(admin.request, await apiToken(admin.request, input.email, input.password)) };
}

export async function makeInbox(admin: Api, opts: { agents?: User[]; teams?: Json[]; callbackUrl?: string; name?: string } = {}): Promise<Inbox> {
  const channel = { type: "api", ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}) };
  const inbox = await admin.post("/inboxes", { name: opts.name ?? `WS ${tag()}`, channel });
  if (opts.agents) await admin.put(`/inboxes/${inbox.id}/agents`, { agentIds: opts.agents.map((a) => a.id) });
  if (opts.teams) await admin.put(`/inboxes/${inbox.id}/teams`, { teamIds: opts.teams.map((t) => t.id) });
  return inbox;
}

export async function makeTeam(admin: Api, members: User[], first = "Team"): Promise<Json> {
  const team = await admin.post("/teams", { name: `${first} ${tag()}`, description: "workspace.spec" });
  await admin.put(`/teams/${team.id}/members`, { agentIds: members.map((m) => m.id) });
  return team;
}

export type Conv = { id: string; number: number; contactName: string };

/** One inbound message from a new contact (a new conversation); returns its id and #number. */
export async function ingest(admin: Api, inbox: Inbox, contactName: string, content = `Hello from ${contactName}`): Promise<Conv> {
  const t = tag();
  const res = await sendSigned(admin.request, inbox, {
    contact: { sourceId: `c-${t}`, name: contactName },
    message: { sourceId: `m-${t}`, content },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { conversationId } = await res.json();
  const conv = await admin.get(`/conversations/${conversationId}`);
  return { id: conversationId, number: conv.number, contactName };
}

/** A browser context signed in as `user` on `base`, with the workspace open at `path`. */
export async function openAs(browser: Browser, user: { email: string; password: string }, base = baseUrl(), path = "/conversations"): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, user.email, user.password, base);
  await page.goto(base + path);
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
  return { ctx, page };
}

export type Received = { path: string; body: string; json: Json; status: number };

/**
 * An integrator endpoint whose answer can be switched (e.g. 400 first, then 200). It records every
 * request with the status it answered.
 */
export async function startSwitchableReceiver(initial: { status: number; body?: string }) {
  let answer = { status: initial.status, body: initial.body ?? "{}" };
  const events: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      let json: Json = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* recorded raw */
      }
      events.push({ path: req.url ?? "", body, json, status: answer.status });
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/konversio`,
    events,
    answer: (status: number, body = "{}") => (answer = { status, body }),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** The thread's bubble for a message text (notes and replies both are list items with data-kind). */
export const bubble = (page: Page, text: string) => page.locator("[data-message-id]").filter({ hasText: text });
