import { expect, test, type APIRequestContext } from "@playwright/test";
import { Api, Fixtures, uniq, type Inbox } from "./support/api-client";
import { ADMIN, apiToken, screenshotPath, sendSigned, signInAdmin } from "./support/app";

/*
 * Business hours and auto-replies (docs/architecture.md §5.6) as an integrator probes them through the API,
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

test.describe("business hours and auto-replies on the inbox settings page", () => {
  test("an admin sets hours, holidays and both replies; errors show at the field; the list says when it opens", async ({ page }) => {
    const inbox: Inbox = await make.inbox();
    await signInAdmin(page);
    await page.goto(`/settings/inboxes/${inbox.id}`);
    const hoursCard = page.locator("form", { has: page.getByRole("heading", { name: "Business hours" }) });
    await expect(hoursCard.getByText("The inbox is always open.")).toBeVisible();
    await hoursCard.getByRole("switch", { name: "Set business hours" }).click();

    // Time zone by search.
    const zone = hoursCard.getByRole("combobox", { name: "Time zone" });
    await zone.click();
    await zone.fill("berlin");
    await page.getByRole("option", { name: /Europe\/Berlin/ }).click();
    await expect(zone).toHaveValue("Europe/Berlin");

    // A lunch break on Monday, copied to the other weekdays.
    await hoursCard.getByLabel("Monday range 1 closes").fill("12:00");
    await hoursCard.getByRole("button", { name: "Add hours on Monday" }).click();
    await hoursCard.getByLabel("Monday range 2 opens").fill("13:00");
    await hoursCard.getByLabel("Monday range 2 closes").fill("17:30");
    await hoursCard.getByRole("button", { name: "Copy Monday to weekdays" }).click();
    await expect(hoursCard.getByLabel("Friday range 2 closes")).toHaveValue("17:30");
    await hoursCard.getByLabel("Holiday date").fill("2026-12-25");
    await hoursCard.getByRole("button", { name: "Add holiday" }).click();
    await expect(hoursCard.getByText(/Fri,? 25 Dec 2026/)).toBeVisible();
    await expect(hoursCard.getByTestId("open-state")).toHaveText(/^(Open now · until|Closed now · opens) /);

    // An overlap is refused and named at the range.
    await hoursCard.getByLabel("Tuesday range 2 opens").fill("11:00");
    await hoursCard.getByRole("button", { name: "Save business hours" }).click();
    await expect(hoursCard.getByTestId("day-tue").getByRole("alert")).toHaveText(/Overlaps 09:00–12:00/);
    await expect(hoursCard.getByLabel("Tuesday range 2 opens")).toHaveAttribute("aria-invalid", "true");
    await hoursCard.getByLabel("Tuesday range 2 opens").fill("13:00");
    await hoursCard.getByRole("button", { name: "Save business hours" }).click();
    await expect(page.getByText("Business hours saved").first()).toBeVisible();
    const saved = await admin.get(`/inboxes/${inbox.id}`);
    expect(saved.businessHours).toMatchObject({ timezone: "Europe/Berlin", holidays: ["2026-12-25"], schedule: { mon: [{ from: "09:00", to: "12:00" }, { from: "13:00", to: "17:30" }] } });
    expect(saved.businessHours.schedule.fri).toHaveLength(2);
    expect(saved.businessHours.schedule).not.toHaveProperty("sat");
    await page.reload();
    // Tall enough for the whole card: the settings column scrolls, and a screenshot shows only what is in view.
    await page.setViewportSize({ width: 1440, height: 1500 });
    await hoursCard.scrollIntoViewIfNeeded();
    await hoursCard.screenshot({ path: screenshotPath("business-hours-card") });

    // Auto-replies: the preview fills the variables from the sample contact.
    const replies = page.locator("form", { has: page.getByRole("heading", { name: "Auto-replies" }) });
    const greeting = replies.getByTestId("auto-reply-greeting");
    await greeting.getByRole("switch").click();
    await greeting.getByRole("textbox").fill("Hi {{contact.firstName | there}}, this is ");
    await greeting.getByRole("button", { name: "inbox.name" }).click();
    await expect(greeting.getByTestId("preview-greeting")).toHaveText(`Hi Maya, this is ${inbox.name}`);
    const away = replies.getByTestId("auto-reply-outOfOffice");
    await away.getByRole("switch").click();
    await away.getByRole("textbox").fill("We're away, {{contact.nmae}}.");
    await replies.getByRole("button", { name: "Save auto-replies" }).click();
    await expect(away.getByText(/Unknown variable \{\{contact\.nmae\}\}/)).toBeVisible();
    await away.getByRole("textbox").fill("Thanks {{contact.firstName}}! We're away and will reply in the morning.");
    await expect(away.getByTestId("preview-outOfOffice")).toHaveText("Thanks Maya! We're away and will reply in the morning.");
    await replies.getByRole("button", { name: "Save auto-replies" }).click();
    await expect(page.getByText("Auto-replies saved").first()).toBeVisible();
    expect((await admin.get(`/inboxes/${inbox.id}`)).autoReplies).toMatchObject({ greeting: { enabled: true }, outOfOffice: { enabled: true } });
    await replies.scrollIntoViewIfNeeded();
    await replies.screenshot({ path: screenshotPath("auto-replies-card") });

    // The inbox list and the workspace say when a closed inbox opens.
    const closed: Inbox = await make.inbox();
    await admin.patch(`/inboxes/${closed.id}`, { businessHours: { timezone: "UTC", schedule: { mon: [{ from: "09:00", to: "17:00" }] }, holidays: nextMondays() } });
    await page.goto("/settings/inboxes");
    const row = page.getByRole("link", { name: new RegExp(closed.name) });
    await expect(row.getByTestId("open-state")).toHaveText(/^Closed now · opens \d+ \w{3} 09:00$/);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("business-hours-inbox-list") });
    await page.goto("/conversations");
    await expect(page.getByRole("img", { name: /^Closed now · opens/ }).first()).toBeVisible();
  });
});

/** The next three Mondays as holidays: an inbox open only on Mondays is then closed for weeks. */
function nextMondays(): string[] {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  return [0, 7, 14].map((n) => new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10));
}
