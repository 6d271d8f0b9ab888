import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations } from "@/db/schema";
import { uploadAgentAttachment } from "@/lib/conversations/agent-attachments";
import { createMessage } from "@/lib/conversations/reply";
import { setupTestDb } from "@/e2e/support/db";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { anonymous, json, message, widget } from "@/e2e/support/widget-routes";

const t = setupTestDb();
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

function upload(name: string) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(PNG)], name));
  return new Request("http://localhost:3999/api/v1/conversations/x/attachments", { method: "POST", body: form });
}

describe("files agents send to website visitors", () => {
  it("the visitor of the conversation gets a signed link to a reply's file; other visitors and private notes' files stay closed", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const stranger = await anonymous(inbox.websiteToken);
    expect((await widget.send(inbox.websiteToken, visitor, message("Can you send the label?"))).status).toBe(201);
    const [conv] = await t.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.inboxId, inbox.id));
    const sent = { conversationId: conv!.id };
    const admin = await t.admin();

    const label = await uploadAgentAttachment(t.db, admin, sent.conversationId, upload("label.png"));
    await createMessage(t.db, admin, sent.conversationId, { content: "Here it is", attachmentIds: [label.id] });
    const internal = await uploadAgentAttachment(t.db, admin, sent.conversationId, upload("internal.png"));
    await createMessage(t.db, admin, sent.conversationId, { content: "For the team only", private: true, attachmentIds: [internal.id] });

    // The visitor's history carries a signed link to the reply's file, and it opens; the note and its file never appear.
    const history = (await json(await widget.list(inbox.websiteToken, visitor))).data as { content: string; attachments: { url: string }[] }[];
    expect(history.map((m) => m.content)).toEqual(["Can you send the label?", "Here it is"]);
    const link = history[1]!.attachments[0]!.url;
    expect(link).toMatch(new RegExp(`^/api/attachments/${label.id}\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    expect((await widget.download(link)).status).toBe(200);
    expect(JSON.stringify(history)).not.toContain(internal.id);
    // Another visitor's history holds nothing of it.
    expect((await json(await widget.list(inbox.websiteToken, stranger))).data).toEqual([]);
    // Without a signed link: nothing, and a visitor token in the query is no credential.
    expect((await widget.download(label.url)).status).toBe(404);
    expect((await widget.download(`${label.url}?visitor=${encodeURIComponent(visitor)}`)).status).toBe(404);
    expect((await widget.download(`${internal.url}?visitor=${encodeURIComponent(visitor)}`)).status).toBe(404);
    // The agent's side keeps plain urls.
    expect(label.url).toBe(`/api/attachments/${label.id}`);
  });
});
