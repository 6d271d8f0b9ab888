import { describe, expect, it } from "vitest";
import { attachmentSrc, fileProblem, fileSize, linkify, looksLikeEmail, mergeHistory, readableOn, replyTimeHint, runEdges, safeColor, upsert } from "./format";
import type { Item, WidgetMessage } from "./types";

const msg = (id: string, content: string, kind: "incoming" | "outgoing" = "incoming", sender: string | null = null): WidgetMessage => ({
  id,
  kind,
  content,
  createdAt: "2025-01-01T10:00:00.000Z",
  sender: sender ? { name: sender } : null,
  attachments: [],
  status: null,
});

describe("chat helpers", () => {
  it("linkify keeps text as text and links only http(s) URLs, without trailing punctuation", () => {
    expect(linkify("see https://a.example/x?y=1). <b>ok</b> javascript:alert(1)")).toEqual([
      "see ",
      { url: "https://a.example/x?y=1" },
      "). <b>ok</b> javascript:alert(1)",
    ]);
    expect(linkify("")).toEqual([]);
    expect(linkify('http://x.test/"onmouseover="a')).toEqual([{ url: "http://x.test/" }, '"onmouseover="a']);
  });

  it("colours: text on the brand colour stays readable; junk colours fall back", () => {
    expect(readableOn("#0f766e")).toBe("#ffffff");
    expect(readableOn("#fde047")).toBe("#111113");
    expect(safeColor("red;}body{display:none")).toBe("#5753d0");
    expect(safeColor("#ABCDEF")).toBe("#ABCDEF");
    expect(replyTimeHint("day")).toBe("Typically replies within a day");
    expect(replyTimeHint("nonsense")).toBe("Typically replies in a few minutes");
  });

  it("outside business hours the hint says when the team is back, in the visitor's clock", () => {
    const now = new Date(2026, 2, 6, 18, 0); // a Friday evening, local time
    expect(replyTimeHint("minutes", { until: new Date(2026, 2, 6, 20, 30).toISOString() }, now)).toMatch(/^We're away — back at \S*\d\d.\d\d/);
    const monday = replyTimeHint("minutes", { until: new Date(2026, 2, 9, 9, 0).toISOString() }, now);
    expect(monday).toMatch(/^We're away — back \S+ /);
    expect(monday).toContain(new Date(2026, 2, 9).toLocaleDateString([], { weekday: "short" }));
    expect(replyTimeHint("minutes", { until: new Date(2026, 3, 20, 9, 0).toISOString() }, now)).toContain(new Date(2026, 3, 20).toLocaleDateString([], { day: "numeric", month: "short" }));
    expect(replyTimeHint("minutes", { until: null }, now)).toBe("We're away right now");
    expect(replyTimeHint("hours", null, now)).toBe("Typically replies in a few hours");
  });

  it("files: sizes, what may be sent, and attachment URLs (signed links as given, never the visitor token)", () => {
    expect([fileSize(512), fileSize(2048), fileSize(3.5 * 1024 * 1024)]).toEqual(["512 B", "2 KB", "3.5 MB"]);
    expect(fileProblem({ name: "a.png", size: 10 })).toBeNull();
    expect(fileProblem({ name: "big.pdf", size: 11 * 1024 * 1024 })).toMatch(/up to 10 MB/);
    expect(fileProblem({ name: "run.exe", size: 10 })).toMatch(/can't be sent/);
    expect(fileProblem({ name: "empty.txt", size: 0 })).toMatch(/empty/);
    const signed = "/api/attachments/0b9e6c1e-3a1f-4c43-9d1e-2f4e5a6b7c8d?expires=1700000000&signature=ab12cd";
    expect(attachmentSrc(signed)).toBe(signed);
    expect(attachmentSrc("/api/attachments/abc")).toBe("/api/attachments/abc");
    expect(attachmentSrc("/api/attachments/../widget/x")).toBeNull();
    expect(attachmentSrc("/api/other/abc")).toBeNull();
    expect(attachmentSrc("javascript:alert(1)")).toBeNull();
    expect(attachmentSrc(undefined)).toBeNull();
    expect(attachmentSrc("https://cdn.example/x.png")).toBe("https://cdn.example/x.png");
  });

  it("upsert replaces by id, or the visitor's pending copy, keeping that copy's clientId (its row)", () => {
    const pending: Item = { ...msg("local:1", "hi"), clientId: "c1", local: "sending" };
    const fromStream = upsert([pending], msg("m1", "hi"));
    expect(fromStream).toEqual([{ ...msg("m1", "hi"), clientId: "c1" }]);
    expect(upsert(fromStream, { ...msg("m1", "hi"), status: "read" })).toEqual([{ ...msg("m1", "hi"), status: "read", clientId: "c1" }]);
    expect(upsert(fromStream, msg("m2", "reply", "outgoing"))).toHaveLength(2);
  });

  it("mergeHistory keeps pending messages the server does not have yet, each match used once", () => {
    const a: Item = { ...msg("local:a", "same"), clientId: "a", local: "sending" };
    const b: Item = { ...msg("local:b", "same"), clientId: "b", local: "failed" };
    const merged = mergeHistory([msg("m1", "same")], [a, b]);
    expect(merged.map((m) => m.id)).toEqual(["m1", "local:b"]);
    // Confirmed rows keep their clientId across a refetch.
    expect(mergeHistory([msg("m1", "x")], [{ ...msg("m1", "x"), clientId: "k" }])[0]!.clientId).toBe("k");
  });

  it("mergeHistory keeps a live message that arrived while an older history was on its way", () => {
    const at = (m: WidgetMessage, t: string) => ({ ...m, createdAt: `2025-01-01T10:00:${t}.000Z` });
    const reply = at(msg("m3", "On it!", "outgoing", "Ana"), "30");
    const pending: Item = { ...at(msg("local:c", "thanks"), "40"), clientId: "c", local: "sending" };
    // The history was read before the agent's reply was committed; the stream delivered the reply first.
    const merged = mergeHistory([at(msg("m1", "hi"), "10"), at(msg("m2", "anyone?"), "20")], [reply, pending]);
    expect(merged.map((m) => m.id)).toEqual(["m1", "m2", "m3", "local:c"]);
  });

  it("runs: the agent's name on the first of a run, the time on the last", () => {
    const items: Item[] = [msg("1", "a"), msg("2", "b"), msg("3", "c", "outgoing", "Ana"), msg("4", "d", "outgoing", "Ben")];
    expect(items.map((_, i) => runEdges(items, i))).toEqual([
      { first: true, last: false },
      { first: false, last: true },
      { first: true, last: true },
      { first: true, last: true },
    ]);
  });

  it("email check for the pre-chat form", () => {
    expect(looksLikeEmail("a@b.co")).toBe(true);
    for (const bad of ["", "a", "a@b", "a b@c.d", "@b.co"]) expect(looksLikeEmail(bad), bad).toBe(false);
  });
});
