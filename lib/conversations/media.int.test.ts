import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { contactAvatars, contacts, inboxes, messages } from "@/db/schema";
import { systemFindAttachment } from "@/lib/attachments/store";
import type { ChannelAdapter } from "@/lib/channels/types";
import { PermanentDeliveryError, TransientDeliveryError } from "@/lib/channels/types";
import { fetchContactProfile } from "@/lib/contacts/profile";
import { encryptJson, randomToken } from "@/lib/security/crypto";
import { setupTestDb } from "@/e2e/support/db";
import { applyWatermark, ingestEvents, type FetchMediaJob, type FetchProfileJob } from "./ingest";
import { fetchInboundMedia } from "./media";

/*
 * The provider-media and profile pipeline, with a stand-in adapter: the real channels test their
 * own fetchMedia/fetchProfile against fake provider servers.
 */
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const files: Record<string, { bytes: Uint8Array; contentType?: string } | "transient" | "gone"> = {};
const fake: Partial<ChannelAdapter> = {
  type: "telegram",
  async fetchMedia(ref) {
    const f = files[ref];
    if (f === "transient") throw new TransientDeliveryError("Provider answered HTTP 502");
    if (!f || f === "gone") throw new PermanentDeliveryError("The provider no longer has this file");
    return f;
  },
  async fetchProfile(sourceId) {
    return sourceId === "with-photo" ? { name: "Mia Profile", avatar: { bytes: PNG, contentType: "image/png" } } : { name: "Only Name" };
  },
};
vi.mock("@/lib/channels/registry", () => ({ getAdapter: (type: string) => (type === "telegram" ? fake : undefined), builtChannelTypes: () => [] }));

const t = setupTestDb();
let inbox: { id: string; channelType: string };

async function jobs<T>(queue: string): Promise<T[]> {
  const res = await t.db.execute<{ data: T }>(sql`select data from pgboss.job where name = ${queue} order by created_on`);
  return res.rows.map((r) => r.data);
}

beforeAll(async () => {
  const [row] = await t.db
    .insert(inboxes)
    .values({ name: "Fake provider", channelType: "telegram", config: {}, secrets: encryptJson({}), generated: encryptJson({}), publicId: randomToken(12), status: "active" })
    .returning();
  inbox = { id: row!.id, channelType: row!.channelType };
});

const incoming = (id: string, contact: string, media: { ref: string; kind: "image" | "audio" | "file" }[], content = "") => ({
  type: "message" as const,
  contact: { sourceId: contact, name: undefined },
  message: { sourceId: id, content, media },
});

describe("provider media", () => {
  it("stores the message at once with placeholders and queues one download job", async () => {
    files["photo-1"] = { bytes: PNG, contentType: "image/png" };
    files["voice-1"] = { bytes: Buffer.from("OggS-voice"), contentType: "audio/ogg; codecs=opus" };
    const [res] = await ingestEvents(t.db, inbox, [incoming("m-1", "c-1", [{ ref: "photo-1", kind: "image" }, { ref: "voice-1", kind: "audio" }])]);
    const [m] = await t.db.select().from(messages).where(eq(messages.id, res!.messageId));
    expect(m!.attachments).toEqual([
      { name: "Photo", contentType: "", size: 0, url: "", pending: true },
      { name: "Audio", contentType: "", size: 0, url: "", pending: true },
    ]);
    const queued = (await jobs<FetchMediaJob>("fetch-media")).filter((d: FetchMediaJob) => d.messageId === res!.messageId);
    expect(queued).toHaveLength(1);

    await fetchInboundMedia(t.db, queued[0], { finalAttempt: false });
    const [after] = await t.db.select().from(messages).where(eq(messages.id, res!.messageId));
    expect(after!.attachments.map((a) => [a.name, a.contentType, a.size, a.pending])).toEqual([
      ["Photo.png", "image/png", PNG.length, undefined],
      ["Audio.ogg", "audio/ogg", 10, undefined],
    ]);
    const stored = await systemFindAttachment(t.db, after!.attachments[0]!.url.split("/").pop()!);
    expect(stored!.conversationId).toBe(res!.conversationId);
    expect(Buffer.compare(stored!.bytes, PNG)).toBe(0);
  });

  it("retries transient failures, keeps what already succeeded, and marks permanent failures on the attachment", async () => {
    files["ok-2"] = { bytes: Buffer.from("%PDF-1.4 test"), contentType: "application/pdf" };
    files["flaky-2"] = "transient";
    files["gone-2"] = "gone";
    const [res] = await ingestEvents(t.db, inbox, [
      incoming("m-2", "c-2", [{ ref: "ok-2", kind: "file" }, { ref: "flaky-2", kind: "image" }, { ref: "gone-2", kind: "file" }], "see attached"),
    ]);
    const job = (await jobs<FetchMediaJob>("fetch-media")).find((d: FetchMediaJob) => d.messageId === res!.messageId)!;
    await expect(fetchInboundMedia(t.db, job, { finalAttempt: false })).rejects.toThrow(/502/);
    let [m] = await t.db.select().from(messages).where(eq(messages.id, res!.messageId));
    expect(m!.attachments[0]!.url).toMatch(/^\/api\/attachments\//);
    expect(m!.attachments[1]!.pending).toBe(true);
    expect(m!.attachments[2]).toMatchObject({ name: "File", error: "The provider no longer has this file" });

    // Second attempt: the stored file is not fetched or stored again; the final failure is recorded.
    await fetchInboundMedia(t.db, job, { finalAttempt: true });
    [m] = await t.db.select().from(messages).where(eq(messages.id, res!.messageId));
    expect(m!.attachments[0]!.url).toMatch(/^\/api\/attachments\//);
    expect(m!.attachments[1]).toMatchObject({ name: "Photo", error: "Provider answered HTTP 502" });
    expect(m!.attachments[1]!.pending).toBeUndefined();
  });

  it("stores unknown provider types as opaque downloads, never as something a browser renders", async () => {
    files["html-3"] = { bytes: Buffer.from("<script>alert(1)</script>"), contentType: "text/html" };
    const [res] = await ingestEvents(t.db, inbox, [incoming("m-3", "c-3", [{ ref: "html-3", kind: "file" }])]);
    const job = (await jobs<FetchMediaJob>("fetch-media")).find((d: FetchMediaJob) => d.messageId === res!.messageId)!;
    await fetchInboundMedia(t.db, job, { finalAttempt: false });
    const [m] = await t.db.select().from(messages).where(eq(messages.id, res!.messageId));
    expect(m!.attachments[0]!.contentType).toBe("application/octet-stream");
  });
});

describe("contact profiles", () => {
  it("asks for a profile once, when the contact first writes, and fills in name and picture", async () => {
    await ingestEvents(t.db, inbox, [incoming("p-1", "with-photo", [], "hello")]);
    await ingestEvents(t.db, inbox, [incoming("p-2", "with-photo", [], "again")]);
    const queued = (await jobs<FetchProfileJob>("fetch-profile")).filter((d: FetchProfileJob) => d.sourceId === "with-photo");
    expect(queued).toHaveLength(1);
    await fetchContactProfile(t.db, queued[0], { finalAttempt: false });
    const [c] = await t.db.select().from(contacts).where(eq(contacts.id, queued[0].contactId));
    expect(c!.name).toBe("Mia Profile");
    expect(c!.avatarAt).toBeInstanceOf(Date);
    const [avatar] = await t.db.select().from(contactAvatars).where(eq(contactAvatars.contactId, c!.id));
    expect(avatar!.contentType).toBe("image/png");
  });

  it("never overwrites a name the contact already has", async () => {
    await ingestEvents(t.db, inbox, [{ ...incoming("p-3", "named", [], "hi"), contact: { sourceId: "named", name: "Given Name" } }]);
    const job = (await jobs<FetchProfileJob>("fetch-profile")).find((d: FetchProfileJob) => d.sourceId === "named")!;
    await fetchContactProfile(t.db, job, { finalAttempt: false });
    const [c] = await t.db.select().from(contacts).where(eq(contacts.id, job.contactId));
    expect(c!.name).toBe("Given Name");
    expect(c!.avatarAt).toBeNull();
  });
});

describe("read watermarks", () => {
  it("marks sent and delivered replies to that contact up to the watermark as read", async () => {
    const [res] = await ingestEvents(t.db, inbox, [incoming("r-1", "reader", [], "hi")]);
    const at = (iso: string) => new Date(iso);
    const rows = await t.db
      .insert(messages)
      .values([
        { conversationId: res!.conversationId, inboxId: inbox.id, kind: "outgoing", content: "one", status: "sent", sourceId: "o-1", createdAt: at("2026-01-01T10:00:00Z") },
        { conversationId: res!.conversationId, inboxId: inbox.id, kind: "outgoing", content: "two", status: "delivered", sourceId: "o-2", createdAt: at("2026-01-01T10:01:00Z") },
        { conversationId: res!.conversationId, inboxId: inbox.id, kind: "outgoing", content: "later", status: "sent", sourceId: "o-3", createdAt: at("2026-01-01T10:05:00Z") },
        { conversationId: res!.conversationId, inboxId: inbox.id, kind: "outgoing", content: "failed", status: "failed", sourceId: "o-4", createdAt: at("2026-01-01T09:00:00Z") },
      ])
      .returning({ id: messages.id, sourceId: messages.sourceId });
    expect(await applyWatermark(t.db, inbox, { type: "watermark", status: "read", contactSourceId: "reader", upTo: at("2026-01-01T10:02:00Z") })).toBe(2);
    const after = await t.db.select({ sourceId: messages.sourceId, status: messages.status }).from(messages).where(eq(messages.conversationId, res!.conversationId));
    const status = Object.fromEntries(after.map((m) => [m.sourceId, m.status]));
    expect(status).toMatchObject({ "o-1": "read", "o-2": "read", "o-3": "sent", "o-4": "failed" });
    expect(rows).toHaveLength(4);
    // Another contact's watermark touches nothing here.
    expect(await applyWatermark(t.db, inbox, { type: "watermark", status: "read", contactSourceId: "someone-else", upTo: at("2026-12-01T00:00:00Z") })).toBe(0);
  });
});
