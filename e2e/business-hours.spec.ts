import { expect, test, type APIRequestContext } from "@playwright/test";
import { Api, Fixtures, uniq, type Inbox } from "./support/api-client";
import { ADMIN, apiToken, sendSigned, signInAdmin } from "./support/app";

/*
 * Business hours and auto-replies (ROUTING.md §2) as an integrator probes them through the API,
 * then the inbox settings cards in the browser.
 */
let ctx: APIRequestContext;
let admin: Api;
let make: Fixtures;

const weekdays = (from: string, to: string) => Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from, to }]]));
const HOURS = { timezone: "Europe/Berlin", schedule: weekdays("09:00", "17:00"), holidays: ["2026-12-25"] };
/** Never open: the out-of-office reply is due whenever the test runs. */
const CLOSED = { timezone: "America/New_York", schedule: {}, holidays: [] };

test.beforeAll(async ({ browser, playwright }) => {
  const page = await browser.newPage();
  await signInAdmin(page);
  await page.close();
  ctx = await playwright.request.newContext();
  admin = new Api(ctx, await apiToken(ctx, ADMIN.email, ADMIN.password));
  make = new Fixtures(admin);
});

test.afterAll(() => ctx?.dispose());

test.describe("business hours and auto-replies API", () => {
  test("a new inbox is always open with both replies off; PATCH replaces the nested objects whole", async () => {
    const inbox: Inbox = await make.inbox();
    expect(inbox).toMatchObject({ businessHours: null, openNow: true, autoReplies: { greeting: { enabled: false }, outOfOffice: { enabled: false } } });
    const path = `/inboxes/${inbox.id}`;

    const saved = await admin.patch(path, { businessHours: HOURS });
    expect(saved.businessHours).toEqual(HOURS);
    expect(typeof saved.openNow).toBe("boolean");
    // Replaced whole: a schedule without Friday has no Friday.
    const { fri: _fri, ...fourDays } = HOURS.schedule;
    expect((await admin.patch(path, { businessHours: { ...HOURS, schedule: fourDays } })).businessHours.schedule).not.toHaveProperty("fri");

    const replies = { greeting: { enabled: true, message: "Hi {{contact.firstName | there}}!" }, outOfOffice: { enabled: true, message: "We're away until {{inbox.name}} opens." } };
    expect((await admin.patch(path, { autoReplies: replies })).autoReplies).toEqual(replies);
    expect((await admin.patch(path, { autoReplies: { greeting: replies.greeting } })).autoReplies.outOfOffice.enabled).toBe(false);
    expect(await admin.get(path)).toMatchObject({ businessHours: { timezone: "Europe/Berlin" }, autoReplies: { greeting: replies.greeting } });

    expect((await admin.patch(path, { businessHours: null })).businessHours).toBeNull();
    expect((await admin.get(path)).openNow).toBe(true);
  });

  test("invalid schedules, unknown variables and out of office without hours are 400 naming the field", async () => {
    const inbox: Inbox = await make.inbox();
    const path = `/inboxes/${inbox.id}`;
    const fieldsOf = async (body: unknown) => Object.keys((await admin.fails(400, "PATCH", path, body, "validation")).fields ?? {});

    expect(await fieldsOf({ businessHours: { ...HOURS, timezone: "Europe/Atlantis" } })).toEqual(["businessHours.timezone"]);
    expect(await fieldsOf({ businessHours: { ...HOURS, schedule: { mon: [{ from: "09:00", to: "12:00" }, { from: "11:00", to: "13:00" }] } } })).toEqual(["businessHours.schedule.mon.1.from"]);
    expect(await fieldsOf({ businessHours: { ...HOURS, schedule: { sat: [{ from: "22:00", to: "02:00" }] } } })).toEqual(["businessHours.schedule.sat.0.to"]);
    const five = ["08", "10", "12", "14", "16"].map((h) => ({ from: `${h}:00`, to: `${h}:30` }));
    expect(await fieldsOf({ businessHours: { ...HOURS, schedule: { tue: five } } })).toEqual(["businessHours.schedule.tue"]);
    expect(await fieldsOf({ businessHours: { ...HOURS, holidays: ["2026-13-01"] } })).toEqual(["businessHours.holidays.0"]);
    expect(await fieldsOf({ autoReplies: { greeting: { enabled: true, message: "Hi {{customer.name}}" } } })).toEqual(["autoReplies.greeting.message"]);
    expect(await fieldsOf({ autoReplies: { greeting: { enabled: true, message: "" } } })).toEqual(["autoReplies.greeting.message"]);
    expect(await fieldsOf({ autoReplies: { outOfOffice: { enabled: true, message: "Closed." } } })).toEqual(["autoReplies.outOfOffice.enabled"]);

    const agent = await make.agent();
    await agent.api.fails(403, "PATCH", path, { businessHours: HOURS }, "forbidden");
  });

  test("auto-replies go out through the channel and show in the thread", async () => {
    const inbox: Inbox = await make.inbox();
    await admin.patch(`/inboxes/${inbox.id}`, {
      businessHours: CLOSED,
      autoReplies: { greeting: { enabled: true, message: "Hi {{contact.firstName | there}}, thanks!" }, outOfOffice: { enabled: true, message: "We're away right now." } },
    });
    expect((await admin.get(`/inboxes/${inbox.id}`)).openNow).toBe(false);
    const contact = uniq("maya");
    const send = (n: number) => sendSigned(ctx, inbox, { contact: { sourceId: contact, name: "Maya Chen" }, message: { sourceId: `${contact}-${n}`, content: `Hello ${n}` } });
    const res = await send(1);
    expect(res.status()).toBe(201);
    const { conversationId } = await res.json();
    await expect
      .poll(async () => (await admin.get(`/conversations/${conversationId}/messages`)).data.map((m: { kind: string; content: string; status: string }) => [m.kind, m.content, m.status]))
      .toEqual([
        ["incoming", "Hello 1", null],
        ["outgoing", "Hi Maya, thanks!", "sent"],
        ["outgoing", "We're away right now.", "sent"],
      ]);
    // The same closed period: no second notice, and never a second greeting.
    expect((await send(2)).status()).toBe(201);
    await expect.poll(async () => (await admin.get(`/conversations/${conversationId}/messages`)).data.length).toBe(4);
  });
});
