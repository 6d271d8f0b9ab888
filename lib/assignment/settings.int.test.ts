import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { getInbox } from "@/lib/inboxes/queries";
import { updateInbox } from "@/lib/inboxes/update";
import { getAgent, updateAgent } from "@/lib/users/agents";
import { getProfile, updateProfile } from "@/lib/users/profile";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf } from "@/e2e/support/factories";
import { systemTouchPresence } from "./presence";
import { inboxQueue } from "./queue-view";

const t = setupTestDb();

describe("availability, capacity and an inbox's auto-assignment", () => {
  it("presence follows availability and a live stream; capacity is set by admins; the queue is served when it is switched on", async () => {
    const admin = await t.admin();
    const agent = await t.makeAgent({ name: "Pia Presence" });
    const me = actorOf(agent);
    expect(await getProfile(t.db, me)).toMatchObject({ availability: "online", presence: "offline", capacity: null });
    await systemTouchPresence(t.db, agent.id);
    expect((await getProfile(t.db, me)).presence).toBe("online");
    expect(await updateProfile(t.db, me, { availability: "busy" })).toMatchObject({ availability: "busy", presence: "busy", name: "Pia Presence" });
    const bad = await updateProfile(t.db, me, { availability: "asleep" }).catch((e) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(bad.fieldErrors).toHaveProperty("availability");
    expect((await updateAgent(t.db, admin, agent.id, { capacity: 4 })).capacity).toBe(4);
    expect((await updateAgent(t.db, me, agent.id, { capacity: 9 }).catch((e) => e)).status).toBe(403);
    expect((await getAgent(t.db, agent.id)).capacity).toBe(4);

    const inbox = await t.makeApiInbox({ agentIds: [agent.id] });
    expect((await getInbox(t.db, admin, inbox.id)).autoAssignment).toEqual({ enabled: false, mode: "balanced", capacity: null });
    const c = await t.incoming(inbox, { contact: "s-1" });
    const off = await inboxQueue(t.db, me, inbox.id);
    expect(off).toMatchObject({ data: [], reason: null, waiting: 0 });
    expect((await updateInbox(t.db, admin, inbox.id, { autoAssignment: { enabled: true, mode: "round_robin" } })).autoAssignment).toEqual({ enabled: true, mode: "round_robin", capacity: null });
    // Busy: nobody takes it, and the queue says why.
    expect(await inboxQueue(t.db, me, inbox.id)).toMatchObject({ data: [{ conversationId: c.conversationId, priority: "none" }], reason: "no_agents_online" });
    await updateProfile(t.db, me, { availability: "online" });
    expect(await inboxQueue(t.db, me, inbox.id)).toMatchObject({ data: [], reason: null, waiting: 0, oldestWaitingSince: null });
    const outsider = actorOf(await t.makeAgent());
    expect((await inboxQueue(t.db, outsider, inbox.id).catch((e) => e)).status).toBe(404);
    expect((await updateInbox(t.db, admin, inbox.id, { autoAssignment: { enabled: true, mode: "fastest" } }).catch((e) => e)).fieldErrors).toHaveProperty(["autoAssignment.mode"]);
  });
});
