import { describe, expect, it } from "vitest";
import { setupTestDb } from "@/e2e/support/db";
import { listConversations } from "./list";

const t = setupTestDb();

describe("conversation search (q)", () => {
  it("finds by #number, contact name/email, and message text — and treats % and _ literally", async () => {
    const admin = await t.admin();
    const inbox = await t.makeApiInbox({ name: "Search inbox" });
    const jane = await t.incoming(inbox, { contact: "s-jane", name: "Jane Search", email: "jane.search@example.com", content: "Refund for order 77" });
    const omar = await t.incoming(inbox, { contact: "s-omar", name: "Omar Q", content: "100% broken_widget" });
    await t.incoming(inbox, { contact: "s-else", name: "Someone Else", content: "Nothing to see" });

    const find = async (q: string) => (await listConversations(t.db, admin, { status: "all", q })).data.map((c) => c.id);
    const janeNumber = (await listConversations(t.db, admin, { status: "all", q: "Jane Search" })).data[0]!.number;

    expect(await find("jane search")).toEqual([jane.conversationId]);
    expect(await find("SEARCH@EXAMPLE")).toEqual([jane.conversationId]);
    expect(await find("order 77")).toEqual([jane.conversationId]);
    expect(await find(`#${janeNumber}`)).toContain(jane.conversationId);
    expect(await find("100%")).toEqual([omar.conversationId]);
    expect(await find("bro_en")).toEqual([]); // "_" is literal, not a wildcard that would match "broken"
    expect(await find("broken_w")).toEqual([omar.conversationId]);
    expect(await find("no such thing anywhere")).toEqual([]);
  });
});
