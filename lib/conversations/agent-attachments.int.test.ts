import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { serveAttachment } from "@/lib/attachments/access";
import { signedAttachmentUrl } from "@/lib/attachments/signed-url";
import { setupTestDb } from "@/e2e/support/db";
import { uploadAgentAttachment } from "./agent-attachments";
import { createMessage } from "./reply";

const t = setupTestDb();
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

function uploadRequest(name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name));
  return new Request("http://localhost:3999/api/v1/conversations/x/attachments", { method: "POST", body: form });
}

let admin: Actor;
let conversationId: string;

beforeAll(async () => {
  admin = await t.admin();
  const inbox = await t.makeApiInbox();
  ({ conversationId } = await t.incoming(inbox, { contact: "files-customer" }));
});

describe("agent attachments", () => {
  it("uploads a file and sends it with a reply; the type comes from the bytes", async () => {
    const up = await uploadAgentAttachment(t.db, admin, conversationId, uploadRequest("screenshot.txt", PNG));
    expect(up).toMatchObject({ name: "screenshot.txt", contentType: "image/png", size: PNG.length, url: `/api/attachments/${up.id}` });
    const reply = await createMessage(t.db, admin, conversationId, { content: "", attachmentIds: [up.id] });
    expect(reply.attachments).toEqual([{ name: "screenshot.txt", contentType: "image/png", size: PNG.length, url: up.url }]);
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, up.id));
    expect(row!.conversationId).toBe(conversationId);
  });

  it("refuses an empty message, another agent's upload, and sending one upload twice", async () => {
    await expect(createMessage(t.db, admin, conversationId, { content: "  " })).rejects.toMatchObject({ code: "validation" });
    const other = t.actorOf(await t.makeAdmin({ name: "Other Admin" }));
    const mine = await uploadAgentAttachment(t.db, admin, conversationId, uploadRequest("a.png", PNG));
    await expect(createMessage(t.db, other, conversationId, { content: "hi", attachmentIds: [mine.id] })).rejects.toThrow(/Unknown attachment/);
    await createMessage(t.db, admin, conversationId, { content: "first", attachmentIds: [mine.id] });
    await expect(createMessage(t.db, admin, conversationId, { content: "again", attachmentIds: [mine.id] })).rejects.toThrow(/already sent/);
    const count = await t.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(count.filter((m) => m.content === "again")).toHaveLength(0);
  });

  it("refuses files that are not allowed, with a clear message", async () => {
    await expect(uploadAgentAttachment(t.db, admin, conversationId, uploadRequest("run.exe", Buffer.from("MZ....")))).rejects.toThrow(/cannot be sent/);
  });

  it("serves a sent attachment to a provider through a signed, expiring link only", async () => {
    const up = await uploadAgentAttachment(t.db, admin, conversationId, uploadRequest("b.png", PNG));
    const nobody = async () => null;
    const get = (url: string) => serveAttachment(t.db, new Request(url), up.id, nobody);
    // Not yet in a message: even a valid signature reveals nothing.
    expect((await get(signedAttachmentUrl(up.id))).status).toBe(404);
    await createMessage(t.db, admin, conversationId, { content: "here", attachmentIds: [up.id] });
    const ok = await get(signedAttachmentUrl(up.id));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    const good = signedAttachmentUrl(up.id);
    const tampered = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect((await get(tampered)).status).toBe(404);
    expect((await get(signedAttachmentUrl(up.id, 60, Date.now() - 3_600_000))).status).toBe(404);
  });
});
