import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Api } from "./api";
import { openLive, type LiveHandlers } from "./live";

/** A stand-in for the browser's EventSource: the test fires its events. */
class FakeSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all: FakeSource[] = [];
  readyState = FakeSource.CONNECTING;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((e: { data: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = FakeSource.CLOSED;
  }
  emit(type: string, data = "{}") {
    this.readyState = FakeSource.OPEN;
    for (const fn of this.listeners.get(type) ?? []) fn({ data });
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.onerror?.();
  }
}

const windowListeners = new Map<string, () => void>();

beforeEach(() => {
  vi.useFakeTimers();
  FakeSource.all = [];
  vi.stubGlobal("EventSource", FakeSource);
  vi.stubGlobal("addEventListener", (type: string, fn: () => void) => windowListeners.set(type, fn));
  vi.stubGlobal("removeEventListener", (type: string) => windowListeners.delete(type));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function setup(ticketAnswers: ("ok" | "offline" | number)[] = []) {
  let n = 0;
  const tokens: string[] = [];
  const api = {
    ticket: vi.fn(async (visitor: string) => {
      tokens.push(visitor);
      const answer = ticketAnswers.shift() ?? "ok";
      if (answer === "offline") throw new Error("offline");
      if (answer !== "ok") return { ok: false as const, error: { status: answer } };
      return { ok: true as const, data: { ticket: `ticket-${++n}`, expiresIn: 60 } };
    }),
    events: (ticket: string) => new FakeSource(`/api/widget/events?ticket=${ticket}`),
  } as unknown as Api;
  const on = { message: vi.fn(), ready: vi.fn(), resync: vi.fn(), slow: vi.fn() } satisfies LiveHandlers;
  const stop = openLive(api, () => "visitor-token", on);
  const latest = () => FakeSource.all.at(-1)!;
  return { api, on, stop, latest, tokens };
}

describe("openLive", () => {
  it("opens the stream with a fresh ticket each time, and after a blip reconnects within a second with a new one", async () => {
    const { on, latest, tokens, stop } = setup();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe("/api/widget/events?ticket=ticket-1");
    expect(tokens).toEqual(["visitor-token"]);
    latest().emit("ready");
    expect(on.ready).toHaveBeenCalledTimes(1);

    const first = latest();
    first.fail(FakeSource.CONNECTING); // the line dropped: the browser would retry with the old URL
    expect(first.closed).toBe(true);
    expect(on.resync).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest()).not.toBe(first);
    expect(latest().url).toBe("/api/widget/events?ticket=ticket-2");
    latest().emit("ready");
    expect(on.ready).toHaveBeenCalledTimes(2); // each subscription reloads history
    expect(on.slow).not.toHaveBeenCalled();
    stop();
  });

  it("says 'slow' after 3 s without a connection, and reconnects at once when back online", async () => {
    const { on, latest, api, stop } = setup(["ok", "offline", "offline", "offline", "offline"]);
    await vi.advanceTimersByTimeAsync(0);
    latest().emit("ready");
    latest().fail(FakeSource.CONNECTING);
    await vi.advanceTimersByTimeAsync(2900);
    expect(on.slow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(on.slow).toHaveBeenCalledTimes(1);
    const calls = vi.mocked(api.ticket).mock.calls.length;
    windowListeners.get("online")!();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.mocked(api.ticket).mock.calls.length).toBe(calls + 1);
    stop();
  });

  it("a refused stream or ticket: history is refetched (to learn why) and retries back off", async () => {
    const { on, latest, api, stop } = setup(["ok", 404, 404]);
    await vi.advanceTimersByTimeAsync(0);
    latest().fail(FakeSource.CLOSED); // e.g. 401: the ticket expired on its way
    expect(on.resync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000); // ticket → 404
    expect(on.resync).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1900);
    expect(api.ticket).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(100); // 2 s later → 404 again
    expect(api.ticket).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4000); // then 4 s → a stream
    latest().emit("ready");
    expect(on.ready).toHaveBeenCalledTimes(1);
    stop();
  });

  it("stops for good: no reconnect, no listener left", async () => {
    const { latest, api, stop } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const s = latest();
    stop();
    expect(s.closed).toBe(true);
    expect(windowListeners.has("online")).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.ticket).toHaveBeenCalledTimes(1);
  });
});
