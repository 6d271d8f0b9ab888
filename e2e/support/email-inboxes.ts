import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { messages } from "@/db/schema";
import type { MailUser } from "@/e2e/fakes/mail/dovecot";
import { syncMailbox } from "@/lib/channels/email/sync";
import { deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import type { TestDb } from "./db";
import type { MailServers } from "./mail-servers";

export type EmailInbox = { id: string; user: MailUser; address: string };

/**
 * Email inboxes on the test mail servers, and the three steps the reply tests take with them:
 * receive mail, find its conversation, send an agent's reply and read what the SMTP server got.
 */
export function emailInboxes(t: TestDb, servers: MailServers) {
  async function makeInbox(over: { smtpPort?: number; aliases?: string } = {}): Promise<EmailInbox> {
    const user = servers.nextUser();
    const inbox = await createInbox(t.db, await t.admin(), {
      name: `Reply-all ${servers.used}`,
      channel: servers.channelFor(user, {
        displayName: "Acme Support",
        ...(over.aliases ? { aliases: over.aliases } : {}),
        ...(over.smtpPort ? { smtp: { host: servers.smtp.host, port: over.smtpPort, secure: false, user: servers.smtp.user, password: servers.smtp.password } } : {}),
      }),
    });
    return { id: inbox.id, user, address: user.user };
  }

  async function receive(inbox: EmailInbox, ...raws: string[]) {
    for (const raw of raws) await servers.imap.append(inbox.user, raw);
    return syncMailbox(t.db, inbox.id);
  }

  async function conversationOf(sourceId: string) {
    const [row] = await t.db.select({ conversationId: messages.conversationId }).from(messages).where(eq(messages.sourceId, sourceId));
    return row!.conversationId;
  }

  /** Sends an agent's reply (with the Cc they chose, if any) and returns it with the mail the SMTP server received. */
  async function reply(conversationId: string, content: string, cc?: string[]) {
    const before = servers.smtp.received.length;
    const m = await createMessage(t.db, await t.admin(), conversationId, { content, ...(cc ? { cc } : {}) });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
    expect(row!.status).toBe("sent");
    expect(servers.smtp.received.length).toBe(before + 1);
    return { message: row!, mail: servers.smtp.received.at(-1)! };
  }

  return { makeInbox, receive, conversationOf, reply };
}
