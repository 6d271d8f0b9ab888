import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST } from "./route";
import { emailMailboxes, inboxes } from "@/db/schema";
import { regeneratePersonalToken } from "@/lib/auth/tokens";
import { createInbox } from "@/lib/inboxes/create";
import { deleteInbox } from "@/lib/inboxes/delete";
import { getBoss, QUEUES } from "@/lib/jobs/queue";
import { encryptJson, decryptJson } from "@/lib/security/crypto";
import { setupTestDb } from "@/e2e/support/db";
import { mailboxStatus } from "@/lib/channels/email/status";
import { requestMailboxSync } from "@/lib/channels/email/sync-request";
import { syncMailbox } from "@/lib/channels/email/sync";
import { buildMail } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";

/*
 * "Check now" (POST /api/v1/inboxes/:id/email/sync): who may ask, which inboxes answer what, and
 * that the queued job is the ordinary email-sync job, deduplicated per inbox and run under the
 * mailbox lease.
 */

// next-auth does not load outside Next; these requests carry bearer tokens, and no token means no session.
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null }));

const t = setupTestDb();
const servers = setupMailServers("check", 6);

async function makeEmailInbox() {
  const user = servers.nextUser();
  const inbox = await createInbox(t.db, await t.admin(), {
    name: `Check ${servers.used}`,
    channel: servers.channelFor(user),
  });
  return { id: inbox.id, user };
}

async function queuedSyncJobs(inboxId: string) {
  const { rows } = await t.db.execute<{ id: string; state: string }>(
    sql`select id, state from pgboss.job where name = ${QUEUES.emailSync} and singleton_key = ${inboxId} and state in ('created', 'retry', 'active')`,
  );
  return rows;
}

/** Takes the queued sync of this inbox and runs it as the email worker does. */
async function runQueuedSync(inboxId: string) {
  const boss = await getBoss();
  const jobs = await boss.fetch<{ inboxId: string }>(QUEUES.emailSync, { batchSize: 10 });
  const job = jobs.find((j) => j.data.inboxId === inboxId);
  expect(job, "a queued email-sync job for the inbox").toBeDefined();
  const result = await syncMailbox(t.db, job!.data.inboxId);
  await boss.complete(QUEUES.emailSync, job!.id);
  return result;
}

async function post(id: string, token?: string) {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const res = await POST(new Request(`http://localhost/api/v1/inboxes/${id}/email/sync`, { method: "POST", headers }), { params: Promise.resolve({ id }) });
  return { status: res.status, body: await res.json() };
}

describe("POST /api/v1/inboxes/:id/email/sync", () => {
  it("queues one sync for an administrator (202), and the job imports the mail and records the sync", async () => {
    const inbox = await makeEmailInbox();
    const admin = await t.admin();
    const token = await regeneratePersonalToken(t.db, admin.id);
    await servers.imap.append(inbox.user, buildMail({ from: "Ada <ada@customer.test>", subject: "Checked at once" }));
    expect(await mailboxStatus(t.db, inbox.id)).toMatchObject({ lastSyncAt: null });

    const res = await post(inbox.id, token);
    expect(res).toEqual({ status: 202, body: { inboxId: inbox.id, status: "queued" } });
    // Asking again while one is waiting queues nothing more: the waiting sync covers both.
    expect((await post(inbox.id, token)).status).toBe(202);
    expect(await requestMailboxSync(t.db, admin, inbox.id)).toEqual({ inboxId: inbox.id, status: "queued" });
    expect(await queuedSyncJobs(inbox.id)).toHaveLength(1);

    expect(await runQueuedSync(inbox.id)).toMatchObject({ status: "ok", imported: 1 });
    const status = await mailboxStatus(t.db, inbox.id);
    expect(status.lastSyncAt).toBeInstanceOf(Date);
    expect(status.lastError).toBeNull();
    expect(await queuedSyncJobs(inbox.id)).toHaveLength(0);
  });

  it("runs at once even while the mailbox is backing off after a failure (the admin has just fixed the password)", async () => {
    const inbox = await makeEmailInbox();
    const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    const secrets = decryptJson<Record<string, string>>(row!.secrets!);
    await t.db.update(inboxes).set({ secrets: encryptJson({ ...secrets, "imap.password": "revoked" }) }).where(eq(inboxes.id, inbox.id));
    await syncMailbox(t.db, inbox.id);
    const failed = await mailboxStatus(t.db, inbox.id);
    expect(failed.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());

    // The admin fixes the password and checks at once rather than waiting out the backoff.
    await t.db.update(inboxes).set({ secrets: row!.secrets }).where(eq(inboxes.id, inbox.id));
    await requestMailboxSync(t.db, await t.admin(), inbox.id);
    expect(await runQueuedSync(inbox.id)).toMatchObject({ status: "ok" });
    expect(await mailboxStatus(t.db, inbox.id)).toMatchObject({ lastError: null, nextSyncAt: null, lastSyncAt: expect.any(Date) });
  });

  it("never reads one mailbox twice at once: a sync while another holds the lease is skipped", async () => {
    const inbox = await makeEmailInbox();
    await t.db.insert(emailMailboxes).values({ inboxId: inbox.id, lockedUntil: new Date(Date.now() + 60_000) }).onConflictDoNothing();
    await t.db.update(emailMailboxes).set({ lockedUntil: new Date(Date.now() + 60_000) }).where(eq(emailMailboxes.inboxId, inbox.id));
    await requestMailboxSync(t.db, await t.admin(), inbox.id);
    expect(await runQueuedSync(inbox.id)).toEqual({ status: "skipped", reason: "busy" });

    await t.db.update(emailMailboxes).set({ lockedUntil: null }).where(eq(emailMailboxes.inboxId, inbox.id));
    const both = await Promise.all([syncMailbox(t.db, inbox.id), syncMailbox(t.db, inbox.id)]);
    expect(both.map((r) => r.status).sort()).toEqual(["ok", "skipped"]);
    expect(both.find((r) => r.status === "skipped")).toEqual({ status: "skipped", reason: "busy" });
  });

  it("is for administrators only: 401 without a token, 403 for an agent, even one working in the inbox", async () => {
    const inbox = await makeEmailInbox();
    const agent = await t.makeAgent();
    await t.setAgents(inbox.id, [agent.id]);
    const agentToken = await regeneratePersonalToken(t.db, agent.id);

    expect(await post(inbox.id)).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    expect(await post(inbox.id, "kv_not-a-real-token")).toMatchObject({ status: 401 });
    expect(await post(inbox.id, agentToken)).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    await expect(requestMailboxSync(t.db, t.actorOf(agent), inbox.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await queuedSyncJobs(inbox.id)).toHaveLength(0);
  });

  it("answers 404 for unknown, malformed and non-email inboxes and 410 for a deleted one, queueing nothing", async () => {
    const admin = await t.admin();
    const token = await regeneratePersonalToken(t.db, admin.id);
    const api = await t.makeApiInbox();
    const deleted = await makeEmailInbox();
    await deleteInbox(t.db, admin, deleted.id);

    expect(await post("00000000-0000-4000-8000-000000000000", token)).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "Inbox not found" } } });
    expect(await post("not-a-uuid", token)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await post(api.id, token)).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "This inbox does not receive email" } } });
    expect(await post(deleted.id, token)).toMatchObject({ status: 410, body: { error: { code: "gone" } } });
    expect(await queuedSyncJobs(api.id)).toHaveLength(0);
    expect(await queuedSyncJobs(deleted.id)).toHaveLength(0);
  });
});
