import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attachments } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { systemPurgeUnsentUploads } from "./purge";

const t = setupTestDb();

describe("purging unsent uploads", () => {
  it("removes only uploads that never joined a message and are older than the grace period", async () => {
    const inbox = await t.makeApiInbox({ name: "Purge inbox" });
    const { conversationId } = await t.incoming(inbox, { contact: "purge-visitor" });
    const row = (name: string, hoursOld: number, attached: boolean) => ({
      inboxId: inbox.id,
      conversationId: attached ? conversationId : null,
      visitorSourceId: "visitor:purge",
      contentType: "text/plain",
      name,
      size: 2,
      bytes: Buffer.from("hi"),
      createdAt: sql`now() - make_interval(hours => ${hoursOld})`,
    });
    await t.db.insert(attachments).values([row("old-unsent", 30, false), row("fresh-unsent", 1, false), row("old-sent", 30, true)] as never);

    expect(await systemPurgeUnsentUploads(t.db)).toBe(1);
    const left = (await t.db.select({ name: attachments.name }).from(attachments).where(eq(attachments.inboxId, inbox.id))).map((r) => r.name).sort();
    expect(left).toEqual(["fresh-unsent", "old-sent"]);
    expect(await systemPurgeUnsentUploads(t.db)).toBe(0);
  });
});
