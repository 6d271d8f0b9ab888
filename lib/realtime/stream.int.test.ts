import { afterEach, describe, expect, it, vi } from "vitest";
import { setupTestDb } from "@/e2e/support/db";
import { eventStream } from "./stream";

const t = setupTestDb();

afterEach(() => {
  vi.useRealTimers();
});

describe("an agent's event stream that the client leaves early", () => {
  it("leaves no timers behind when cancelled while still setting up", async () => {
    const admin = await t.admin();
    // Only intervals are faked: the database calls in start() keep running for real.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const abort = new AbortController();
    const reader = eventStream(t.db, admin, undefined, abort.signal).getReader();
    await reader.cancel(); // before start() finished its first queries
    await new Promise((r) => setTimeout(r, 300)); // let start() run to its end
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves no timers behind when the request is aborted after it started", async () => {
    const admin = await t.admin();
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const abort = new AbortController();
    const reader = eventStream(t.db, admin, undefined, abort.signal).getReader();
    await reader.read(); // "retry:" — the stream is fully set up
    expect(vi.getTimerCount()).toBe(3); // the keep-alive, the presence renewal and the periodic access check
    abort.abort();
    expect(vi.getTimerCount()).toBe(0);
  });
});
