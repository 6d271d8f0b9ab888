import { describe, expect, it } from "vitest";
import { systemTouchPresence } from "@/lib/assignment/presence";
import { updateProfile } from "@/lib/users/profile";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf } from "@/e2e/support/factories";
import { assignmentOptions } from "./assignable";

const t = setupTestDb();

describe("assignmentOptions", () => {
  it("gives each assignable agent their presence, so the assign menu's first dots are right", async () => {
    const admin = await t.admin();
    const here = await t.makeAgent({ name: "Hana Here" });
    const busy = await t.makeAgent({ name: "Bo Busy" });
    const away = await t.makeAgent({ name: "Al Away" });
    await systemTouchPresence(t.db, here.id);
    await updateProfile(t.db, actorOf(busy), { availability: "busy" });
    const inbox = await t.makeApiInbox({ agentIds: [here.id, busy.id, away.id] });
    const c = await t.incoming(inbox, { contact: "p-1" });

    const { agents } = await assignmentOptions(t.db, actorOf(here), c.conversationId);
    const presence = Object.fromEntries(agents.map((a) => [a.id, a.presence]));
    expect(presence).toMatchObject({ [here.id]: "online", [busy.id]: "busy", [away.id]: "offline" });
    // Still sorted by name, presence aside.
    const names = agents.map((a) => a.name);
    expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(agents.map((a) => a.id)).toContain(admin.id);
  });
});
