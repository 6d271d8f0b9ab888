import { describe, expect, it } from "vitest";
import { queueReason, waitedFor } from "./queue-notice";

describe("the Unassigned queue notice", () => {
  it("names the team the oldest waits for, else the inbox when several are shown", () => {
    expect(queueReason({ reason: "no_agents_online", team: { id: "t", name: "Sales" }, inboxName: "Shop" }, true)).toBe("nobody in Sales is online");
    expect(queueReason({ reason: "no_agents_online", team: null, inboxName: "Shop" }, false)).toBe("nobody in Shop is online");
    expect(queueReason({ reason: "all_at_capacity", team: null, inboxName: "Shop" }, true)).toBe("everyone is at capacity");
    expect(queueReason({ reason: null, team: null, inboxName: "Shop" }, true)).toBe("being handed out");
  });
  it("says how long in words a person reads at a glance", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    expect(waitedFor("2026-12-07T11:59:30Z", now)).toBe("under a minute");
    expect(waitedFor("2026-12-07T11:48:00Z", now)).toBe("12 min");
    expect(waitedFor("2026-12-07T10:00:00Z", now)).toBe("2 h");
    expect(waitedFor("2026-12-07T09:45:00Z", now)).toBe("2 h 15 min");
    expect(waitedFor("2026-12-03T12:00:00Z", now)).toBe("4 days");
  });
});
