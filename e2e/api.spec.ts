import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  Api, ENDPOINTS, expectError, Fixtures, ids, listConversations as list, NO_ID, openStream, postSigned, RUN, sorted, sseEvents, uniq,
  type Inbox, type Json, type User,
} from "./support/api-client";
import { ADMIN, apiToken, baseUrl, baseUrlB, sendSigned, signInAdmin } from "./support/app";
import { startCallbackReceiver } from "./support/callback-receiver";

/*
 * The REST API v1 contract (docs/api.md) against the built app. The database is shared
 * with the other specs, so everything made here carries a unique suffix, and each test that
 * changes state builds its own inbox. The world below is rebuilt if a failure restarts the worker.
 */
let ctx: APIRequestContext;
let admin: Api;
let make: Fixtures;
let alice: User; // works in inbox1 directly
let bob: User; // works in inbox2 through `team`
let carol: User; // works in inbox3 only, which never receives a conversation
let team: Json;
let inbox1: Inbox, inbox2: Inbox, inbox3: Inbox;

test.beforeAll(async ({ browser, playwright }) => {
  const page = await browser.newPage();
  await signInAdmin(page); // runs first-run setup if this spec is the first to touch the workspace
  await page.close();
  ctx = await playwright.request.newContext();
  admin = new Api(ctx, await apiToken(ctx, ADMIN.email, ADMIN.password));
  make = new Fixtures(admin);
  [alice, bob, carol] = [await make.agent(), await make.agent(), await make.agent()];
  team = await admin.post("/teams", { name: uniq("Team"), description: "api.spec" });
  await admin.put(`/teams/${team.id}/members`, { agentIds: [bob.id] });
  inbox1 = await make.inbox({ agents: [alice] });
  inbox2 = await make.inbox({ teams: [team] });
  inbox3 = await make.inbox({ agents: [carol] });
});

test.afterAll(() => ctx?.dispose());

test.describe("authentication", () => {
  test("every authenticated endpoint answers 401 unauthorized without or with a bad token", async ({ request }) => {
    const callers = [new Api(request), new Api(request, "kv_not-a-real-token"), new Api(request, "garbage")];
    for (const [method, path] of ENDPOINTS.filter(([, p]) => p !== "/auth/token")) {
      const concrete = path.replace(/\{\w+\}/g, NO_ID);
      for (const caller of callers) await caller.fails(401, method, concrete, method === "GET" ? undefined : {}, "unauthorized");
    }
  });

  test("POST /auth/token returns {token, user}; bad credentials and deactivated users are 401", async () => {
    const anon = new Api(ctx);
    const body = await anon.expect(200, "POST", "/auth/token", { email: alice.email.toUpperCase(), password: alice.password });
    expect(body).toMatchObject({ token: expect.any(String), user: { id: alice.id, email: alice.email, role: "agent" } });
    expect(JSON.stringify(body.user)).not.toMatch(/password|hash/i);
    expect(await new Api(ctx, body.token).get("/profile")).toMatchObject({ id: alice.id });
    await anon.fails(401, "POST", "/auth/token", { email: alice.email, password: "not-her-password" }, "unauthorized");
    await anon.fails(401, "POST", "/auth/token", { email: `nobody-${RUN}@api.test`, password: "whatever-1" }, "unauthorized");
    await anon.fails(401, "POST", "/auth/token", {}, "unauthorized");
  });

  test("the 6th failed login for one email is 429 with Retry-After, on every instance", async () => {
    const anon = new Api(ctx);
    const email = `throttled-${RUN}@api.test`; // never the admin's email: the limit would lock the other specs out
    for (let i = 1; i <= 5; i++) await anon.fails(401, "POST", "/auth/token", { email, password: `wrong-${i}` }, "unauthorized");
    const limited = await anon.call("POST", "/auth/token", { email, password: "wrong-6" });
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    // The same email in other letter case, and through the other instance, is the same key.
    await expectError(await anon.call("POST", "/auth/token", { email: email.toUpperCase(), password: "wrong-7" }), 429, "rate_limited");
    await new Api(ctx, undefined, baseUrlB()).fails(429, "POST", "/auth/token", { email, password: "wrong-8" }, "rate_limited");
    await anon.fails(401, "POST", "/auth/token", { email: `other-${RUN}@api.test`, password: "wrong-1" }, "unauthorized");
    // A forged X-Forwarded-For is not another IP: this client talks to the app directly.
    const forged = await ctx.post(`${baseUrl()}/api/v1/auth/token`, { data: { email, password: "wrong-9" }, headers: { "x-forwarded-for": "203.0.113.9" } });
    await expectError(forged, 429, "rate_limited");
  });

  test("a browser session authenticates the API too", async ({ page }) => {
    await signInAdmin(page);
    const res = await page.request.get(`${baseUrl()}/api/v1/profile`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ email: ADMIN.email, role: "administrator" });
  });

  test("GET /profile returns the caller", async () => {
    expect(await alice.api.get("/profile")).toMatchObject({ id: alice.id, name: alice.name, email: alice.email, role: "agent" });
    expect(await admin.get("/profile")).toMatchObject({ email: ADMIN.email, role: "administrator" });
  });
});

test.describe("agents", () => {
  test("any user lists; admins create; duplicates 409; invalid bodies 400 with fields; agents 403", async () => {
    const listed = (await carol.api.get("/agents")).data as Json[];
    expect(listed).toContainEqual(expect.objectContaining({ id: alice.id, name: alice.name, email: alice.email, role: "agent", active: true }));
    expect(JSON.stringify(listed)).not.toMatch(/password|hash/i);

    const tag = uniq("new");
    const input = { name: `New ${tag}`, email: `${tag}@api.test`, role: "agent", password: "new-password-1" };
    await alice.api.fails(403, "POST", "/agents", input, "forbidden");
    const created = await admin.post("/agents", input);
    expect(created).toMatchObject({ id: expect.any(String), name: input.name, email: input.email, role: "agent", active: true });
    expect(JSON.stringify(created)).not.toMatch(/password|hash/i);
    await admin.fails(409, "POST", "/agents", { ...input, email: input.email.toUpperCase() }, "conflict");
    const bad = await admin.fails(400, "POST", "/agents", { name: "", email: "not-an-email", role: "boss", password: "x" }, "validation");
    expect(Object.keys(bad.fields ?? {})).toEqual(expect.arrayContaining(["name", "email", "role", "password"]));
    await admin.fails(400, "POST", "/agents", "{not json", "validation");
  });

  test("PATCH changes the role, effective on the next request; unknown ids are 404", async () => {
    const u = await make.agent();
    await alice.api.fails(403, "PATCH", `/agents/${u.id}`, { role: "administrator" }, "forbidden");
    expect(await admin.patch(`/agents/${u.id}`, { role: "administrator" })).toMatchObject({ id: u.id, role: "administrator" });
    expect(await u.api.get("/profile")).toMatchObject({ role: "administrator" });
    expect(await admin.patch(`/agents/${u.id}`, { role: "agent" })).toMatchObject({ role: "agent" });
    await u.api.fails(403, "POST", "/teams", { name: uniq("Demoted") }, "forbidden");
    await admin.fails(400, "PATCH", `/agents/${u.id}`, { role: "boss" }, "validation");
    await admin.fails(404, "GET", `/agents/${NO_ID}`, undefined, "not_found");
  });

  test("DELETE deactivates: 204, the token stops at once on every instance, login is 401", async () => {
    const u = await make.agent();
    await alice.api.fails(403, "DELETE", `/agents/${u.id}`, undefined, "forbidden");
    await u.api.get("/profile");
    await admin.del(`/agents/${u.id}`);
    await u.api.fails(401, "GET", "/profile", undefined, "unauthorized");
    await new Api(ctx, u.api.token, baseUrlB()).fails(401, "GET", "/conversations", undefined, "unauthorized");
    await new Api(ctx).fails(401, "POST", "/auth/token", { email: u.email, password: u.password }, "unauthorized");
    expect(await admin.get(`/agents/${u.id}`)).toMatchObject({ id: u.id, active: false });
  });
});

test.describe("teams", () => {
  test("CRUD and members; duplicate name 409; agents may read but not write", async () => {
    const name = uniq("Billing");
    await alice.api.fails(403, "POST", "/teams", { name }, "forbidden");
    const t = await admin.post("/teams", { name, description: "Invoices" });
    expect(t).toMatchObject({ id: expect.any(String), name, description: "Invoices" });
    await admin.fails(409, "POST", "/teams", { name }, "conflict");
    const bad = await admin.fails(400, "POST", "/teams", { name: "" }, "validation");
    expect(Object.keys(bad.fields ?? {})).toContain("name");
    expect((await alice.api.get("/teams")).data).toContainEqual(expect.objectContaining({ id: t.id, name, description: "Invoices" }));
    expect(await alice.api.get(`/teams/${t.id}`)).toMatchObject({ id: t.id, name });

    expect(await admin.patch(`/teams/${t.id}`, { description: "Refunds" })).toMatchObject({ id: t.id, name, description: "Refunds" });
    await admin.fails(409, "PATCH", `/teams/${t.id}`, { name: team.name }, "conflict");
    await alice.api.fails(403, "PATCH", `/teams/${t.id}`, { name: uniq("Mine") }, "forbidden");

    const members = async () => sorted(ids((await admin.get(`/teams/${t.id}/members`)).data));
    await alice.api.fails(403, "PUT", `/teams/${t.id}/members`, { agentIds: [alice.id] }, "forbidden");
    await alice.api.fails(403, "GET", `/teams/${t.id}/members`, undefined, "forbidden");
    await admin.put(`/teams/${t.id}/members`, { agentIds: [alice.id, carol.id] });
    expect(await members()).toEqual(sorted([alice.id, carol.id]));
    await admin.put(`/teams/${t.id}/members`, { agentIds: [carol.id] });
    expect(await members()).toEqual([carol.id]);
    await admin.fails(400, "PUT", `/teams/${t.id}/members`, { agentIds: "everyone" }, "validation");

    await alice.api.fails(403, "DELETE", `/teams/${t.id}`, undefined, "forbidden");
    await admin.del(`/teams/${t.id}`);
    await admin.fails(404, "GET", `/teams/${t.id}`, undefined, "not_found");
  });
});

test.describe("inboxes", () => {
  test("POST creates an api inbox with the generated values; bad input is 400; agents 403", async () => {
    const name = uniq("Partner API");
    const callbackUrl = "http://127.0.0.1:9/konversio";
    const inbox = await admin.post("/inboxes", { name, channel: { type: "api", callbackUrl } });
    expect(inbox).toMatchObject({ id: expect.any(String), name, channelType: "api", status: "active", lastError: null, config: { callbackUrl } });
    expect(new URL(inbox.webhookUrl).origin).toBe(new URL(baseUrl()).origin);
    expect(Date.parse(inbox.createdAt)).not.toBeNaN();
    for (const k of ["inboxIdentifier", "hmacToken", "webhookSecret"]) expect(inbox[k], k).toEqual(expect.stringMatching(/.{8,}/));
    const read = await admin.get(`/inboxes/${inbox.id}`);
    expect(read).toMatchObject({ id: inbox.id, webhookUrl: inbox.webhookUrl, inboxIdentifier: inbox.inboxIdentifier, hmacToken: inbox.hmacToken, webhookSecret: inbox.webhookSecret });

    for (const bad of ["not a url", "ftp://example.com/hook"]) {
      const err = await admin.fails(400, "POST", "/inboxes", { name: uniq("Bad"), channel: { type: "api", callbackUrl: bad } }, "validation");
      expect(Object.keys(err.fields ?? {}).join(" ")).toMatch(/callbackUrl/);
    }
    await admin.fails(400, "POST", "/inboxes", { name: uniq("Pigeon"), channel: { type: "carrier-pigeon" } }, "validation");
    await admin.fails(400, "POST", "/inboxes", { channel: { type: "api" } }, "validation");
    await alice.api.fails(403, "POST", "/inboxes", { name: uniq("Nope"), channel: { type: "api" } }, "forbidden");
  });

  test("agents see only inboxes they work in (directly or via a team), without generated values", async () => {
    const listed = async (api: Api) => ids((await api.get("/inboxes")).data);
    expect(await listed(admin)).toEqual(expect.arrayContaining([inbox1.id, inbox2.id, inbox3.id]));
    expect(await listed(alice.api)).toContain(inbox1.id);
    expect(await listed(alice.api)).not.toContain(inbox2.id);
    expect(await listed(bob.api)).toContain(inbox2.id);
    expect(await listed(bob.api)).not.toContain(inbox1.id);
    expect(await listed(carol.api)).toEqual([inbox3.id]);

    const secretKeys = ["hmacToken", "webhookSecret", "inboxIdentifier", "credentials"];
    const view = await alice.api.get(`/inboxes/${inbox1.id}`);
    expect(view).toMatchObject({ id: inbox1.id, name: inbox1.name, channelType: "api", status: "active", webhookUrl: inbox1.webhookUrl });
    for (const row of [view, ...(await alice.api.get("/inboxes")).data]) for (const k of secretKeys) expect(row, k).not.toHaveProperty(k);
    expect(await bob.api.get(`/inboxes/${inbox2.id}`)).toMatchObject({ id: inbox2.id });
    await alice.api.fails(404, "GET", `/inboxes/${inbox2.id}`, undefined, "not_found");
    await carol.api.fails(404, "GET", `/inboxes/${inbox1.id}`, undefined, "not_found");
    await admin.fails(404, "GET", `/inboxes/${NO_ID}`, undefined, "not_found");
  });

  test("PATCH renames and checks channel.type; agents and teams are replaced by PUT", async () => {
    const inbox = await make.inbox();
    const path = `/inboxes/${inbox.id}`;
    const name = uniq("Renamed");
    expect(await admin.patch(path, { name })).toMatchObject({ id: inbox.id, name, channelType: "api", hmacToken: inbox.hmacToken });
    const callbackUrl = "http://127.0.0.1:9/renamed";
    expect(await admin.patch(path, { channel: { callbackUrl } })).toMatchObject({ name, config: { callbackUrl } });
    await admin.fails(400, "PATCH", path, { channel: { type: "telegram" } }, "validation");
    await admin.fails(400, "PATCH", path, { name: "" }, "validation");
    await alice.api.fails(403, "PATCH", path, { name: uniq("Mine") }, "forbidden");

    const agentIds = async () => sorted(ids((await admin.get(`${path}/agents`)).data));
    const teamIds = async () => ids((await admin.get(`${path}/teams`)).data);
    await admin.put(`${path}/agents`, { agentIds: [alice.id, carol.id] });
    expect(await agentIds()).toEqual(sorted([alice.id, carol.id]));
    expect(await alice.api.get(path)).toMatchObject({ id: inbox.id });
    await admin.put(`${path}/agents`, { agentIds: [carol.id] });
    expect(await agentIds()).toEqual([carol.id]);
    await alice.api.fails(404, "GET", path, undefined, "not_found"); // removal takes effect at once
    await admin.put(`${path}/teams`, { teamIds: [team.id] });
    expect(await teamIds()).toEqual([team.id]);
    expect(await bob.api.get(path)).toMatchObject({ id: inbox.id });
    await admin.put(`${path}/teams`, { teamIds: [] });
    expect(await teamIds()).toEqual([]);
    await bob.api.fails(404, "GET", path, undefined, "not_found");
    await admin.fails(400, "PUT", `${path}/agents`, { agentIds: ["not-an-id"] }, "validation");
    for (const [method, sub, body] of [["GET", "agents"], ["PUT", "agents", { agentIds: [] }], ["GET", "teams"], ["PUT", "teams", { teamIds: [] }]] as const) {
      await carol.api.fails(403, method, `${path}/${sub}`, body, "forbidden");
    }
    await admin.put(`${path}/agents`, { agentIds: [] }); // leave carol with inbox3 only
  });

  test("DELETE soft-deletes: admins read it and its conversations, agents 404, replies and webhooks 410", async () => {
    const inbox = await make.inbox({ agents: [alice] });
    const contact = uniq("Doomed");
    const [convId] = await make.ingest(inbox, 1, contact);
    await alice.api.get(`/conversations/${convId}`);
    await alice.api.fails(403, "DELETE", `/inboxes/${inbox.id}`, undefined, "forbidden");
    await admin.del(`/inboxes/${inbox.id}`);

    const gone = await admin.get(`/inboxes/${inbox.id}`);
    expect(gone).toMatchObject({ id: inbox.id, status: "deleted", deletedAt: expect.any(String) });
    for (const k of ["hmacToken", "webhookSecret", "inboxIdentifier"]) expect(gone[k] ?? undefined, k).toBeUndefined();
    expect(ids((await admin.get("/inboxes")).data)).not.toContain(inbox.id);
    await alice.api.fails(404, "GET", `/inboxes/${inbox.id}`, undefined, "not_found");
    await alice.api.fails(404, "GET", `/conversations/${convId}`, undefined, "not_found");
    expect(await list(alice.api, { inboxId: inbox.id })).toMatchObject({ data: [], counts: { mine: 0, unassigned: 0, all: 0 } });

    expect(await admin.get(`/conversations/${convId}`)).toMatchObject({ id: convId, inboxId: inbox.id });
    expect((await list(admin, { q: contact })).data).toEqual([]); // live inboxes by default
    expect(ids((await list(admin, { q: contact, inboxStatus: "deleted" })).data)).toEqual([convId]);
    expect(ids((await list(admin, { inboxId: inbox.id })).data)).toEqual([convId]);
    await admin.fails(410, "POST", `/conversations/${convId}/messages`, { content: "Anyone there?" }, "gone");
    await admin.fails(410, "PATCH", `/inboxes/${inbox.id}`, { name: uniq("Zombie") }, "gone");
    const late = await sendSigned(ctx, inbox, { contact: { sourceId: `${contact}-0` }, message: { sourceId: uniq("late"), content: "Hello?" } });
    await expectError(late, 410, "gone");
    // Changes to a deleted inbox are 410 (docs/api.md), its memberships included.
    await admin.fails(410, "PUT", `/inboxes/${inbox.id}/agents`, { agentIds: [alice.id] }, "gone");
  });
});

test.describe("conversations", () => {
  test("list: status defaults to open, counts honour every filter but assignee, limits are checked", async () => {
    const inbox = await make.inbox({ agents: [alice], teams: [team] });
    const contact = uniq("Lister");
    const [c0, c1, c2] = await make.ingest(inbox, 3, contact);
    const q = { inboxId: inbox.id };
    const fresh = await list(alice.api, q);
    expect(fresh).toMatchObject({ nextCursor: null, counts: { mine: 0, unassigned: 3, all: 3 } });
    expect(sorted(ids(fresh.data))).toEqual(sorted([c0!, c1!, c2!]));
    expect(fresh.data[0]).toMatchObject({ inboxId: inbox.id, status: "open", assigneeId: null, contact: { name: expect.stringContaining(contact) } });

    await admin.patch(`/conversations/${c0}`, { assigneeId: alice.id });
    await admin.patch(`/conversations/${c1}`, { teamId: team.id });
    await admin.patch(`/conversations/${c2}`, { status: "resolved" });
    const open = { mine: 1, unassigned: 1, all: 2 };
    const check = async (query: Record<string, string>, expected: string[], counts: Json) => {
      const page = await list(alice.api, { ...q, ...query });
      expect(sorted(ids(page.data)), JSON.stringify(query)).toEqual(sorted(expected));
      expect(page.counts, JSON.stringify(query)).toEqual(counts);
    };
    await check({}, [c0!, c1!], open);
    await check({ assignee: "me" }, [c0!], open);
    await check({ assignee: "unassigned" }, [c1!], open);
    await check({ assignee: "all", status: "open" }, [c0!, c1!], open);
    await check({ status: "resolved" }, [c2!], { mine: 0, unassigned: 1, all: 1 });
    await check({ status: "all" }, [c0!, c1!, c2!], { mine: 1, unassigned: 2, all: 3 });
    await check({ teamId: team.id }, [c1!], { mine: 0, unassigned: 1, all: 1 });
    await check({ q: `${contact} 1` }, [c1!], { mine: 0, unassigned: 1, all: 1 });
    expect((await list(bob.api, q)).counts).toEqual({ mine: 0, unassigned: 1, all: 2 });
    expect(await list(carol.api, q)).toMatchObject({ data: [], counts: { mine: 0, unassigned: 0, all: 0 } });
    expect(await list(carol.api, { status: "all" })).toMatchObject({ data: [], counts: { mine: 0, unassigned: 0, all: 0 } });

    for (const bad of ["limit=101", "limit=0", "limit=ten", "status=closed", "assignee=everyone", "cursor=not-a-cursor", "inboxId=nope"]) {
      await alice.api.fails(400, "GET", `/conversations?${bad}`, undefined, "validation");
    }
  });

  test("keyset pagination walks 30 conversations exactly once; limit defaults to 25", async () => {
    const inbox = await make.inbox();
    const all = await make.ingest(inbox, 30);
    const first = await list(admin, { inboxId: inbox.id });
    expect(first.data).toHaveLength(25);
    expect(first).toMatchObject({ nextCursor: expect.any(String), counts: { all: 30 } });
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    let lastAt = Infinity;
    do {
      const page: Json = await list(admin, { inboxId: inbox.id, limit: 7, ...(cursor ? { cursor } : {}) });
      sizes.push(page.data.length);
      expect(page.counts.all).toBe(30);
      for (const c of page.data) {
        expect(Date.parse(c.lastActivityAt)).toBeLessThanOrEqual(lastAt);
        lastAt = Date.parse(c.lastActivityAt);
        seen.push(c.id);
      }
      cursor = page.nextCursor;
    } while (cursor && sizes.length < 10);
    expect(sizes).toEqual([7, 7, 7, 7, 2]);
    expect(new Set(seen).size).toBe(30);
    expect(sorted(seen)).toEqual(sorted(all));
    expect((await list(admin, { inboxId: inbox.id, limit: 100 })).data).toHaveLength(30);
  });

  test("GET by id or number; PATCH status, assignee, team and priority under the visibility rule", async () => {
    const otherTeam = await admin.post("/teams", { name: uniq("Elsewhere") });
    const inbox = await make.inbox({ agents: [alice], teams: [team] });
    const [id] = await make.ingest(inbox, 1);
    const path = `/conversations/${id}`;
    const conv = await alice.api.get(path);
    expect(conv).toMatchObject({
      id, number: expect.any(Number), inboxId: inbox.id, status: "open", assigneeId: null, teamId: null, priority: expect.any(String),
      contact: { id: expect.any(String), name: expect.any(String) }, lastActivityAt: expect.any(String), createdAt: expect.any(String),
    });
    for (const k of ["email", "phone"]) expect(conv.contact).toHaveProperty(k);
    expect(await alice.api.get(`/conversations/${conv.number}`)).toMatchObject({ id, number: conv.number });

    const patch = (body: Json) => alice.api.patch(path, body);
    expect(await patch({ status: "pending" })).toMatchObject({ id, status: "pending" });
    expect(await patch({ priority: "high" })).toMatchObject({ priority: "high" });
    expect(await patch({ teamId: team.id })).toMatchObject({ teamId: team.id });
    expect(await patch({ assigneeId: bob.id })).toMatchObject({ assigneeId: bob.id }); // bob works here through the team
    expect(await patch({ assigneeId: null, teamId: null })).toMatchObject({ assigneeId: null, teamId: null });
    await alice.api.fails(422, "PATCH", path, { assigneeId: carol.id }, "unprocessable");
    await alice.api.fails(422, "PATCH", path, { teamId: otherTeam.id }, "unprocessable");
    const leaver = await make.agent(); // works in the inbox, then is deactivated: no longer assignable
    await admin.put(`/inboxes/${inbox.id}/agents`, { agentIds: [alice.id, leaver.id] });
    await admin.del(`/agents/${leaver.id}`);
    await alice.api.fails(422, "PATCH", path, { assigneeId: leaver.id }, "unprocessable");
    await alice.api.fails(400, "PATCH", path, { status: "snoozed" }, "validation");
    await alice.api.fails(400, "PATCH", path, { status: "snoozed", snoozedUntil: new Date(Date.now() - 60_000).toISOString() }, "validation");
    await alice.api.fails(400, "PATCH", path, { status: "closed" }, "validation");
    const snoozedUntil = new Date(Date.now() + 3_600_000).toISOString();
    expect(await patch({ status: "snoozed", snoozedUntil })).toMatchObject({ status: "snoozed" });
    expect(await alice.api.get(path)).toMatchObject({ status: "snoozed", assigneeId: null, teamId: null, priority: "high" });
    await admin.del(`/teams/${otherTeam.id}`);
  });

  test("a conversation the caller cannot see is 404 on every route, never 403", async () => {
    const [id] = await make.ingest(inbox1, 1);
    const { number } = await alice.api.get(`/conversations/${id}`);
    const [incoming] = (await alice.api.get(`/conversations/${id}/messages`)).data;
    const path = `/conversations/${id}`;
    for (const u of [bob, carol]) {
      await u.api.fails(404, "GET", path, undefined, "not_found");
      await u.api.fails(404, "GET", `/conversations/${number}`, undefined, "not_found");
      await u.api.fails(404, "PATCH", path, { status: "resolved" }, "not_found");
      await u.api.fails(404, "GET", `${path}/messages`, undefined, "not_found");
      await u.api.fails(404, "POST", `${path}/messages`, { content: "Sneaky" }, "not_found");
      await u.api.fails(404, "POST", `${path}/messages/${incoming.id}/resend`, undefined, "not_found");
      await u.api.fails(404, "POST", `${path}/read`, undefined, "not_found");
      expect(await list(u.api, { inboxId: inbox1.id, status: "all" })).toMatchObject({ data: [], counts: { all: 0 } });
    }
    expect(await alice.api.get(path)).toMatchObject({ status: "open" });
    expect((await alice.api.get(`${path}/messages`)).data).toHaveLength(1);
  });

  test("messages: a reply goes pending → sent and is signed to the callback; notes never leave", async () => {
    const receiver = await startCallbackReceiver();
    try {
      const inbox = await make.inbox({ agents: [alice], callbackUrl: receiver.url });
      const [id] = await make.ingest(inbox, 1);
      const path = `/conversations/${id}/messages`;
      const messages = async () => (await alice.api.get(path)).data as Json[];
      expect((await messages())[0]).toMatchObject({ conversationId: id, kind: "incoming", private: false, content: "Hello 0" });

      const reply = await alice.api.post(path, { content: "On it!" });
      expect(reply).toMatchObject({
        id: expect.any(String), conversationId: id, kind: "outgoing", private: false, content: "On it!", status: "pending",
        sender: expect.objectContaining({ id: alice.id }), createdAt: expect.any(String),
      });
      for (const k of ["attachments", "error"]) expect(reply).toHaveProperty(k);
      await expect.poll(async () => (await messages()).find((m) => m.id === reply.id)?.status, { timeout: 20_000 }).toBe("sent");
      await expect.poll(() => receiver.events.find((e) => e.json.event === "message.created")?.json.data.content, { timeout: 20_000 }).toBe("On it!");
      expect(receiver.verify(receiver.events.find((e) => e.json.event === "message.created")!, inbox.webhookSecret)).toBe(true);

      await alice.api.patch(`/conversations/${id}`, { status: "resolved" });
      await expect.poll(() => receiver.events.filter((e) => e.json.event === "conversation.updated").length, { timeout: 20_000 }).toBeGreaterThan(0);
      const updated = receiver.events.find((e) => e.json.event === "conversation.updated")!;
      expect(updated.json).toMatchObject({ id: expect.any(String), createdAt: expect.any(String), data: expect.any(Object) });
      expect(receiver.verify(updated, inbox.webhookSecret)).toBe(true);

      const note = await alice.api.post(path, { content: "Internal: VIP customer", private: true });
      expect(note).toMatchObject({ kind: "outgoing", private: true, content: "Internal: VIP customer", status: null });
      const all = await messages();
      expect(ids(all)).toEqual(expect.arrayContaining([reply.id, note.id]));
      expect(all.map((m) => Date.parse(m.createdAt))).toEqual([...all.map((m) => Date.parse(m.createdAt))].sort((a, b) => a - b));
      await alice.api.fails(409, "POST", `${path}/${reply.id}/resend`, undefined, "conflict");
      await alice.api.fails(409, "POST", `${path}/${note.id}/resend`, undefined, "conflict");
      await alice.api.fails(404, "POST", `${path}/${NO_ID}/resend`, undefined, "not_found");
      await alice.api.fails(400, "POST", path, { content: "" }, "validation");
      expect(await alice.api.expect(204, "POST", `/conversations/${id}/read`)).toBeNull();
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.events.filter((e) => e.body.includes("VIP customer"))).toEqual([]);
      expect(receiver.events.filter((e) => e.body.includes("Hello 0"))).toEqual([]); // incoming is not echoed

      // Without a callbackUrl a reply is sent once stored.
      const [plain] = await make.ingest(inbox1, 1);
      const stored = await admin.post(`/conversations/${plain}/messages`, { content: "Stored and sent" });
      await expect.poll(async () => (await admin.get(`/conversations/${plain}/messages`)).data.find((m: Json) => m.id === stored.id)?.status, { timeout: 20_000 }).toBe("sent");
    } finally {
      await receiver.close();
    }
  });
});

test.describe("api channel webhook", () => {
  test("idempotent per message.sourceId; bad or stale signatures 401; malformed bodies 400 with issues", async () => {
    const inbox = await make.inbox();
    const contact = uniq("Hooky");
    const body = { contact: { sourceId: contact, name: contact }, message: { sourceId: `${contact}-1`, content: "First" } };
    const first = await sendSigned(ctx, inbox, body);
    expect(first.status()).toBe(201);
    const created = await first.json();
    expect(created).toEqual({ conversationId: expect.any(String), messageId: expect.any(String) });
    const again = await sendSigned(ctx, inbox, body);
    expect(again.status()).toBe(200);
    expect(await again.json()).toEqual(created);

    const next = JSON.stringify({ ...body, message: { sourceId: `${contact}-2`, content: "Second" } });
    const now = Math.floor(Date.now() / 1000);
    await expectError(await postSigned(ctx, inbox.webhookUrl, next, { secret: "not-the-token" }), 401, "unauthorized");
    await expectError(await postSigned(ctx, inbox.webhookUrl, next, { secret: inbox.hmacToken, timestamp: now - 600 }), 401, "unauthorized");
    await expectError(await postSigned(ctx, inbox.webhookUrl, next, { secret: inbox.hmacToken, timestamp: now + 600 }), 401, "unauthorized");
    await expectError(await postSigned(ctx, inbox.webhookUrl, next, { secret: inbox.hmacToken, signature: "" }), 401, "unauthorized");
    const malformed = await postSigned(ctx, inbox.webhookUrl, JSON.stringify({ contact: {}, message: { content: 42 } }), { secret: inbox.hmacToken });
    const err = await expectError(malformed, 400, "validation");
    expect(Array.isArray(err.issues) && err.issues.length > 0, JSON.stringify(err)).toBe(true);
    await expectError(await postSigned(ctx, inbox.webhookUrl, "{not json", { secret: inbox.hmacToken }), 400, "validation");
    const unknown = inbox.webhookUrl.replace(inbox.inboxIdentifier, `unknown${RUN}`);
    expect(unknown).not.toBe(inbox.webhookUrl);
    await expectError(await postSigned(ctx, unknown, next, { secret: inbox.hmacToken }), 404, "not_found");

    // Nothing from the rejected calls was stored.
    const incoming = async () => (await admin.get(`/conversations/${created.conversationId}/messages`)).data.filter((m: Json) => m.kind === "incoming");
    expect((await incoming()).map((m: Json) => m.content)).toEqual(["First"]);
    expect((await list(admin, { inboxId: inbox.id, status: "all" })).counts.all).toBe(1);
    const later = await postSigned(ctx, inbox.webhookUrl, next, { secret: inbox.hmacToken });
    expect(later.status()).toBe(201);
    expect(await later.json()).toMatchObject({ conversationId: created.conversationId });
    expect((await incoming()).map((m: Json) => m.content)).toEqual(["First", "Second"]);
  });
});

test.describe("events", () => {
  test("GET /events streams visible events as text/event-stream on every instance; anonymous 401", async () => {
    const aliceB = await openStream(alice.api.token, baseUrlB());
    const carolA = await openStream(carol.api.token);
    try {
      for (const s of [aliceB, carolA]) {
        expect(s.res.status).toBe(200);
        expect(s.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
        await expect.poll(s.text, { timeout: 10_000 }).toMatch(/^event: ready$/m);
      }
      const [id] = await make.ingest(inbox1, 1); // arrives on instance A; alice listens on B
      const about = () => sseEvents(aliceB.text()).filter((e) => e.data.conversationId === id);
      await expect.poll(() => about().map((e) => e.event), { timeout: 15_000 }).toEqual(expect.arrayContaining(["conversation.created", "message.created"]));
      const names = about().map((e) => e.event);
      expect(names.indexOf("conversation.created")).toBeLessThan(names.indexOf("message.created"));
      expect(about().find((e) => e.event === "message.created")!.data).toMatchObject({ inboxId: inbox1.id, messageId: expect.any(String) });
      await new Promise((r) => setTimeout(r, 1000));
      expect(carolA.text()).not.toContain(id!);
    } finally {
      aliceB.close();
      carolA.close();
    }
    const anon = await openStream(undefined);
    expect(anon.res.status).toBe(401);
    expect(await anon.res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  test("a stream stops at once when access is lost and closes when the user is deactivated", async () => {
    const u = await make.agent();
    const inbox = await make.inbox({ agents: [u] });
    const s = await openStream(u.api.token, baseUrlB());
    try {
      await expect.poll(s.text, { timeout: 10_000 }).toMatch(/^event: ready$/m);
      const [seen] = await make.ingest(inbox, 1);
      await expect.poll(s.text, { timeout: 15_000 }).toContain(seen!);
      await admin.put(`/inboxes/${inbox.id}/agents`, { agentIds: [] });
      const [hidden] = await make.ingest(inbox, 1);
      await new Promise((r) => setTimeout(r, 1500));
      expect(s.text()).not.toContain(hidden!);
      await admin.del(`/agents/${u.id}`);
      await expect.poll(s.closed, { timeout: 20_000 }).toBe(true);
      expect(s.text()).toMatch(/^event: session\.ended$/m);
    } finally {
      s.close();
    }
  });
});

test.describe("malformed input", () => {
  test("an id that is not an id, or a number out of range, is 404 on every route — never a 500", async () => {
    const bodies: Record<string, unknown> = {
      "PATCH /agents/{id}": { name: "Nobody" }, "PATCH /teams/{id}": { description: "x" }, "PUT /teams/{id}/members": { agentIds: [] },
      "PATCH /inboxes/{id}": { name: "Nobody" }, "PUT /inboxes/{id}/agents": { agentIds: [] }, "PUT /inboxes/{id}/teams": { teamIds: [] },
      "PATCH /conversations/{id}": { priority: "low" }, "POST /conversations/{id}/messages": { content: "Hello?" },
    };
    const failures: string[] = [];
    for (const [method, path] of ENDPOINTS.filter(([, p]) => p.includes("{id}"))) {
      for (const bad of ["not-an-id", "99999999999999999999", NO_ID]) {
        const concrete = path.replace(/\{\w+\}/g, bad);
        const res = await admin.call(method, concrete, bodies[`${method} ${path}`] ?? (method === "GET" ? undefined : {}));
        const body = await res.text();
        if (res.status() !== 404 || !body.includes('"code":"not_found"')) failures.push(`${method} ${concrete} → ${res.status()} ${body.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

test.describe("input cleaning", () => {
  test("a NUL character in text is stripped where input is read: names, message content and search answer 2xx, never 500", async () => {
    const agent = await admin.call("POST", "/agents", { name: "Nul\u0000Agent", email: `${uniq("nul")}@example.com`, password: "a-long-password-1", role: "agent" });
    expect(agent.status()).toBe(201);
    expect((await agent.json()).name).toBe("NulAgent");
    const team = await admin.call("POST", "/teams", { name: uniq("Nul\u0000Team"), description: "with\u0000nul" });
    expect(team.status()).toBe(201);
    expect((await team.json()).description).toBe("withnul");
    const inbox = await make.inbox({ agents: [alice] });
    const [id] = await make.ingest(inbox, 1);
    const reply = await alice.api.call("POST", `/conversations/${id}/messages`, { content: "a\u0000b", private: true });
    expect(reply.status()).toBe(201);
    expect((await reply.json()).content).toBe("ab");
    const search = await admin.call("GET", "/conversations?q=a%00b");
    expect(search.status()).toBe(200);

    // A signed api-channel webhook with NUL in every text is stored without it (it answered 503 before,
    // so an integrator retrying on 503 retried forever).
    const tag = uniq("nul");
    const raw = JSON.stringify({ contact: { sourceId: `${tag}\u0000c`, name: "Nul\u0000Name" }, message: { sourceId: `${tag}\u0000m`, content: "x\u0000y" } });
    const hook = await postSigned(ctx, inbox.webhookUrl, raw, { secret: inbox.hmacToken });
    expect(hook.status(), await hook.text()).toBe(201);
    const { conversationId } = await hook.json();
    const stored = (await alice.api.get(`/conversations/${conversationId}/messages`)).data as Json[];
    expect(stored.map((m) => m.content)).toContain("xy");

    // The Meta handshake for an inbox that does not exist is the JSON envelope, like the rest of /api.
    const handshake = await ctx.get(`${baseUrl()}/api/webhooks/facebook/no-such-inbox?hub.mode=subscribe&hub.challenge=1`);
    await expectError(handshake, 404, "not_found");
  });

  test("a cursor whose date PostgreSQL cannot hold is 400, not 500", async () => {
    const uuid = "3f2b8c1e-9a7d-4e6f-8b5a-1c2d3e4f5a6b";
    for (const at of ["-271821-04-20T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "0000-01-01T00:00:00.000Z"]) {
      const cursor = Buffer.from(`${at}|${uuid}`).toString("base64url");
      await expectError(await admin.call("GET", `/conversations?cursor=${cursor}`), 400, "validation");
    }
  });
});

test.describe("openapi", () => {
  test("GET /api/v1/openapi.json is OpenAPI 3.1.0 and documents every endpoint", async ({ request }) => {
    const res = await request.get(`${baseUrl()}/api/v1/openapi.json`);
    expect(res.status()).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const norm = (p: string) => p.replace(/^\/api\/v1/, "").replace(/\{\w+\}/g, "{}");
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${norm(p)}`)),
    );
    expect(ENDPOINTS.map(([m, p]) => `${m} ${norm(p)}`).filter((e) => !documented.has(e))).toEqual([]);
  });
});
