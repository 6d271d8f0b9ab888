import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { inboxes } from "@/db/schema";
import { createInbox } from "@/lib/inboxes/create";
import { setupTestDb } from "@/e2e/support/db";
import { buildMail } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";
import { advisoryClaims, localClaims, startMailWatchers, type MailWatchers } from "./watch";

/*
 * IMAP IDLE against a real Dovecot: the server's push reaches us at once, one instance watches a
 * mailbox, and watchers follow the inboxes (deleted or failing ones are let go).
 */

const t = setupTestDb();
const servers = setupMailServers("watch", 5);
const postgres = Boolean(process.env.TEST_DATABASE_URL);

const running: MailWatchers[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
});

async function makeInbox() {
  const user = servers.nextUser();
  const inbox = await createInbox(t.db, await t.admin(), {
    name: `Watched ${servers.used}`,
    channel: servers.channelFor(user),
  });
  return { id: inbox.id, user };
}

function watch(claims = localClaims()) {
  const pushes: string[] = [];
  // A long reconcile period: the tests call reconcile() themselves.
  const w = startMailWatchers(t.db, { claims, reconcileMs: 3_600_000, onNewMail: async (id) => void pushes.push(id) });
  running.push(w);
  return { w, pushes };
}

describe("watching mailboxes with IMAP IDLE", () => {
  it("announces new mail the moment the server pushes it, without waiting for the poll", async () => {
    const inbox = await makeInbox();
    const { w, pushes } = watch();
    await w.reconcile();
    expect(w.watching()).toContain(inbox.id);
    // On connecting it asks for one sync (mail may have arrived while nobody watched).
    await vi.waitFor(() => expect(pushes).toEqual([inbox.id]), { timeout: 10_000 });

    await servers.imap.append(inbox.user, buildMail({ from: "ana@customer.test", subject: "Are you there?" }));
    await vi.waitFor(() => expect(pushes).toEqual([inbox.id, inbox.id]), { timeout: 10_000, interval: 100 });
  });

  it("lets go of a deleted inbox and leaves one whose login is refused to the poll", async () => {
    const gone = await makeInbox();
    const failing = await makeInbox();
    const { w } = watch();
    await w.reconcile();
    expect(w.watching()).toEqual(expect.arrayContaining([gone.id, failing.id]));

    await t.db.update(inboxes).set({ deletedAt: new Date() }).where(eq(inboxes.id, gone.id));
    await t.db.update(inboxes).set({ status: "error", lastError: "Receiving mail failed: IMAP login refused" }).where(eq(inboxes.id, failing.id));
    await w.reconcile();
    expect(w.watching()).not.toContain(gone.id);
    expect(w.watching()).not.toContain(failing.id);
  });

  it.runIf(postgres)("one instance watches a mailbox; another takes over when it stops", async () => {
    const inbox = await makeInbox();
    const a = watch(advisoryClaims(t.url));
    await a.w.reconcile();
    const b = watch(advisoryClaims(t.url));
    await b.w.reconcile();
    expect(a.w.watching()).toContain(inbox.id);
    expect(b.w.watching()).not.toContain(inbox.id);

    await a.w.stop(); // its lock connection closes: the claim is free
    await b.w.reconcile();
    expect(b.w.watching()).toContain(inbox.id);
    await vi.waitFor(() => expect(b.pushes).toContain(inbox.id), { timeout: 10_000 });
  });
});
