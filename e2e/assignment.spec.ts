import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { openStream, type Api, type Json } from "./support/api-client";
import { baseUrl, baseUrlB, screenshotPath, sendSigned } from "./support/app";
import { queryOnce } from "./support/sql";
import { makeAgent, makeInbox, openAs, tag, withAdminApi } from "./support/workspace-helpers";

/*
 * Auto-assignment with presence (docs/architecture.md §5.8), end to end on both app instances:
 * two agents in a browser each, availability switched with the keyboard, conversations handed out
 * as they arrive, the Unassigned view saying why one waits, and a closed tab making its agent
 * away (these servers use a 20-second grace instead of two minutes) so a customer writing again
 * is not left waiting on them. Then the queue's arithmetic under concurrency on two instances.
 */
let ctx: APIRequestContext;
let admin: Api;

withAdminApi((s) => ({ ctx, admin } = s));

type Inbox = { id: string; webhookUrl: string; hmacToken: string };

/** The customer `contact` writes (again) to the inbox, through instance `base`; returns the conversation id. */
async function write(inbox: Inbox, contact: string, base = baseUrl(), content = `Hello from ${contact}`): Promise<string> {
  const webhookUrl = inbox.webhookUrl.replace(baseUrl(), base);
  const res = await sendSigned(ctx, { webhookUrl, hmacToken: inbox.hmacToken }, { contact: { sourceId: contact, name: contact }, message: { sourceId: `m-${tag()}`, content } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()).conversationId;
}

const assigneeOf = async (id: string) => ((await admin.get(`/conversations/${id}`)) as Json).assigneeId as string | null;
const presenceOf = async (id: string) => ((await admin.get(`/agents/${id}`)) as Json).presence as string;
const row = (page: Page, number: number) => page.locator(`[data-conversation-row][data-number="${number}"]`);

test("two agents: busy gets nothing, back online gets the next, the queue explains a wait, a closed tab hands a reopened conversation on", async ({ browser }) => {
  test.setTimeout(150_000);
  const t = tag();
  const ana = await makeAgent(admin, "Ana");
  const ben = await makeAgent(admin, "Ben");
  const inbox: Inbox = await makeInbox(admin, { agents: [ana, ben], name: `Queue ${t}` });
  await admin.patch(`/inboxes/${inbox.id}`, { autoAssignment: { enabled: true, mode: "balanced", capacity: null } });
  // Ana on instance A, Ben on instance B: presence and serving agree across instances.
  const a = await openAs(browser, ana, baseUrl(), "/conversations?view=mine");
  const b = await openAs(browser, ben, baseUrlB(), "/conversations?view=mine");
  try {
    await expect.poll(() => presenceOf(ana.id), { timeout: 15_000 }).toBe("online");
    await expect.poll(() => presenceOf(ben.id), { timeout: 15_000 }).toBe("online");

    // Ana is busy (⇧B): new conversations go to Ben only, and arrive in his Mine live, announced.
    await a.page.keyboard.press("Shift+B");
    await expect(a.page.getByTestId("account-menu")).toHaveAccessibleName(`Account: ${ana.name}, busy`);
    await expect.poll(() => presenceOf(ana.id)).toBe("busy");
    const c1 = await write(inbox, `q1-${t}`);
    const c2 = await write(inbox, `q2-${t}`, baseUrlB());
    expect(await assigneeOf(c1)).toBe(ben.id);
    expect(await assigneeOf(c2)).toBe(ben.id);
    const n1 = ((await admin.get(`/conversations/${c1}`)) as Json).number as number;
    const n2 = ((await admin.get(`/conversations/${c2}`)) as Json).number as number;
    await expect(row(b.page, n1)).toBeVisible();
    await expect(row(b.page, n2)).toBeVisible();
    await expect(b.page.getByText(`#${n2} assigned to you`)).toBeVisible();
    await expect(row(a.page, n1)).toHaveCount(0);

    // Back online, Ana (fewest open) receives the next one.
    await a.page.keyboard.press("Shift+B");
    await expect(a.page.getByTestId("account-menu")).toHaveAccessibleName(`Account: ${ana.name}, online`);
    await expect.poll(() => presenceOf(ana.id)).toBe("online");
    const c3 = await write(inbox, `q3-${t}`);
    expect(await assigneeOf(c3)).toBe(ana.id);
    const n3 = ((await admin.get(`/conversations/${c3}`)) as Json).number as number;
    await expect(row(a.page, n3)).toBeVisible();
    await expect(a.page.getByText(`#${n3} assigned to you`)).toBeVisible();

    // Both busy: the next one waits, and Unassigned says why and since when.
    await a.page.keyboard.press("Shift+B");
    await b.page.keyboard.press("Shift+B");
    await expect.poll(() => presenceOf(ben.id)).toBe("busy");
    await expect.poll(() => presenceOf(ana.id)).toBe("busy");
    const c4 = await write(inbox, `q4-${t}`);
    expect(await assigneeOf(c4)).toBeNull();
    expect(await admin.get(`/inboxes/${inbox.id}/queue`)).toMatchObject({ data: [{ conversationId: c4 }], reason: "no_agents_online", waiting: 1 });
    await a.page.goto(`${baseUrl()}/conversations?view=unassigned&inbox=${inbox.id}`);
    const notice = a.page.getByTestId("queue-notice");
    await expect(notice).toContainText("1 waiting — nobody is online");
    await expect(notice).toContainText("The oldest has waited under a minute");
    await a.page.screenshot({ path: screenshotPath("assignment-queue-explained") });
    // Ana comes online: the queue is served at once, and the notice goes.
    await a.page.keyboard.press("Shift+B");
    await expect.poll(() => assigneeOf(c4), { timeout: 10_000 }).toBe(ana.id);
    await expect(notice).toBeHidden();
    await b.page.keyboard.press("Shift+B");
    await expect.poll(() => presenceOf(ben.id)).toBe("online");

    // Ana parks one as pending and closes her tab: within the grace period she turns away by
    // herself; when the customer writes again the conversation goes back to the queue, to Ben.
    await ana.api.patch(`/conversations/${c3}`, { status: "pending" });
    await a.ctx.close();
    await expect.poll(() => presenceOf(ana.id), { timeout: 45_000, intervals: [2_000] }).toBe("offline");
    await write(inbox, `q3-${t}`, baseUrlB(), "Any news?");
    const after = (await admin.get(`/conversations/${c3}`)) as Json;
    expect(after).toMatchObject({ status: "open", assigneeId: ben.id });
    const lines = ((await admin.get(`/conversations/${c3}/messages`)) as Json).data
      .filter((m: Json) => m.kind === "activity")
      .map((m: Json) => m.content as string);
    expect(lines).toEqual(expect.arrayContaining([`Back in the queue: ${ana.name} is away`, `Assigned to ${ben.name} (auto-assignment)`]));
    await expect(row(b.page, n3)).toBeVisible();
    await expect(b.page.getByText(`#${n3} assigned to you`)).toBeVisible();
    await b.page.screenshot({ path: screenshotPath("assignment-mine-live") });
  } finally {
    await a.ctx.close().catch(() => undefined);
    await b.ctx.close();
  }
});

test("60 conversations at once on two instances, 3 online agents with capacity 5: 5 each, 45 waiting in order; resolving one hands out the oldest", async () => {
  test.setTimeout(90_000);
  const t = tag();
  const agents = await Promise.all([0, 1, 2].map((i) => makeAgent(admin, `Cap${i}`)));
  for (const agent of agents) await admin.patch(`/agents/${agent.id}`, { capacity: 5 });
  // An open event stream is what makes an agent online; two on instance A, one on B.
  const streams = await Promise.all(agents.map((agent, i) => openStream(agent.api.token, i === 1 ? baseUrlB() : baseUrl())));
  try {
    for (const agent of agents) await expect.poll(() => presenceOf(agent.id), { timeout: 15_000 }).toBe("online");
    const inbox: Inbox = await makeInbox(admin, { agents, name: `Burst ${t}` });
    await admin.patch(`/inboxes/${inbox.id}`, { autoAssignment: { enabled: true, mode: "balanced", capacity: null } });

    await Promise.all(Array.from({ length: 60 }, (_, i) => write(inbox, `burst-${t}-${i}`, i % 2 ? baseUrlB() : baseUrl())));
    const counts = async () =>
      (await queryOnce(process.env.E2E_DATABASE_URL!, `select assignee_id, count(*)::int as n from conversations where inbox_id = $1 group by assignee_id`, [inbox.id])).rows as {
        assignee_id: string | null;
        n: number;
      }[];
    const byAgent = new Map((await counts()).map((r) => [r.assignee_id, r.n]));
    for (const agent of agents) expect(byAgent.get(agent.id)).toBe(5);
    expect(byAgent.get(null)).toBe(45);

    const queue = (await admin.get(`/inboxes/${inbox.id}/queue`)) as Json;
    expect(queue).toMatchObject({ reason: "all_at_capacity", waiting: 45 });
    expect(queue.data).toHaveLength(45);
    const waited = queue.data.map((q: Json) => Date.parse(q.waitingSince));
    expect(waited).toEqual([...waited].sort((x, y) => x - y));

    // Capacity frees: exactly the oldest waiting conversation is handed out, to the agent who freed it.
    const mine = (await agents[0]!.api.get(`/conversations?assignee=me&inboxId=${inbox.id}`)) as Json;
    await agents[0]!.api.patch(`/conversations/${mine.data[0].id}`, { status: "resolved" });
    await expect.poll(() => assigneeOf(queue.data[0].conversationId), { timeout: 10_000 }).toBe(agents[0]!.id);
    expect(await assigneeOf(queue.data[1].conversationId)).toBeNull();
    const later = (await admin.get(`/inboxes/${inbox.id}/queue`)) as Json;
    expect(later.data[0].conversationId).toBe(queue.data[1].conversationId);
    expect(later.waiting).toBe(44);
  } finally {
    for (const s of streams) s.close();
  }
});
