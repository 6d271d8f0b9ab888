import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { inboxes, messages } from "@/db/schema";
import { encryptJson, randomToken } from "@/lib/security/crypto";
import { setupTestDb } from "@/e2e/support/db";
import { buildMail } from "@/e2e/support/mail";
import { FORWARD_CASES } from "./forwarded.cases";
import { processRawEmail } from "./inbound";
import type { EmailConfig } from "./schema";
import { emailThread } from "./view";

/*
 * The thread's view of a forward, from the stored mail: a plain-text forward comes with its card
 * data (`forwarded`), a reply or an HTML mail does not (the frame shows an HTML forward itself).
 */
const t = setupTestDb();
let inbox: { id: string; config: EmailConfig };

beforeAll(async () => {
  const config = { email: "support@acme.test" } as EmailConfig;
  const [row] = await t.db
    .insert(inboxes)
    .values({ name: "Forwards", channelType: "email", config, secrets: encryptJson({}), generated: encryptJson({}), publicId: randomToken(12), status: "active" })
    .returning();
  inbox = { id: row!.id, config };
});

async function viewOf(mail: Parameters<typeof buildMail>[0]) {
  const outcome = await processRawEmail(t.db, inbox, Buffer.from(buildMail(mail)));
  if (outcome.kind !== "stored") throw new Error(`not stored: ${outcome.kind}`);
  const [msg] = await t.db.select().from(messages).where(eq(messages.id, outcome.messageId));
  return (await emailThread(t.db, await t.admin(), outcome.conversationId)).data[msg!.id]!;
}

describe("EmailView.forwarded", () => {
  it("carries the note and the original of a plain-text forward", async () => {
    const c = FORWARD_CASES[0]!;
    const view = await viewOf({ from: "Tom Berger <tom@acme.test>", subject: c.subject!, text: c.text });
    expect(view.hasHtml).toBe(false);
    expect(view.forwarded).toMatchObject({
      note: "Can someone on billing look at this? She wrote to me directly.",
      from: { name: "Maya Lindqvist", address: "maya@example.com" },
      date: "Tue, 4 Jun 2024 at 09:12",
      subject: "Invoice 2231 is wrong",
    });
    expect(view.forwarded!.body).toMatch(/^Hi Tom,\nthe invoice counts three seats/);
  });

  it("is null for a reply with its quote", async () => {
    const c = FORWARD_CASES.find((x) => x.name === "Gmail reply with quote")!;
    const view = await viewOf({ from: "Maya <maya@example.com>", subject: c.subject!, text: c.text });
    expect(view.forwarded).toBeNull();
  });

  it("is null for an HTML mail: its frame shows the forward", async () => {
    const c = FORWARD_CASES[0]!;
    const view = await viewOf({ from: "Tom Berger <tom@acme.test>", subject: c.subject!, text: c.text, html: "<p>forwarded</p>" });
    expect(view.hasHtml).toBe(true);
    expect(view.forwarded).toBeNull();
  });
});
