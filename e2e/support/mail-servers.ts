import { afterAll, beforeAll } from "vitest";
import { startDovecot, type Dovecot, type MailUser } from "../fakes/mail/dovecot";
import { startSmtpSink, type SmtpSink } from "../fakes/mail/smtp";
import { requireIntegrationProject } from "./integration-only";

export type MailServers = {
  /** Mailboxes `<prefix><n>@example.test`, each with its own password. */
  readonly users: MailUser[];
  readonly imap: Dovecot;
  readonly smtp: SmtpSink;
  /** A mailbox no earlier test of this file used, so inboxes never share one. */
  nextUser(): MailUser;
  /** How many mailboxes have been handed out. */
  readonly used: number;
  /** A create-inbox `channel` reading `user`'s mailbox through these servers; `extra` adds fields (displayName, aliases…). */
  channelFor(user: MailUser, extra?: Record<string, unknown>): Record<string, unknown>;
};

/**
 * The real servers an email test file runs against: a private Dovecot on a free loopback port
 * with `count` mailboxes, and an SMTP sink (login mailer@example.test / smtp-pass), started before
 * the file's tests and stopped after them.
 */
export function setupMailServers(prefix: string, count: number, password = (i: number) => `${prefix}-pass-${i}`): MailServers {
  requireIntegrationProject("setupMailServers()");
  const users: MailUser[] = Array.from({ length: count }, (_, i) => ({ user: `${prefix}${i}@example.test`, password: password(i) }));
  let imap: Dovecot | undefined;
  let smtp: SmtpSink | undefined;
  let used = 0;
  beforeAll(async () => {
    imap = await startDovecot(users);
    smtp = await startSmtpSink({ user: "mailer@example.test", password: "smtp-pass" });
  });
  afterAll(async () => {
    await imap?.stop();
    await smtp?.stop();
  });
  return {
    users,
    get imap() {
      if (!imap) throw new Error("The IMAP server starts in beforeAll");
      return imap;
    },
    get smtp() {
      if (!smtp) throw new Error("The SMTP server starts in beforeAll");
      return smtp;
    },
    nextUser() {
      const user = users[used++];
      if (!user) throw new Error(`All ${count} test mailboxes are in use: raise the count`);
      return user;
    },
    get used() {
      return used;
    },
    channelFor(user, extra = {}) {
      const { host, port } = this.imap;
      const smtp = this.smtp;
      return {
        type: "email",
        email: user.user,
        imap: { host, port, secure: false, user: user.user, password: user.password },
        smtp: { host: smtp.host, port: smtp.port, secure: false, user: smtp.user, password: smtp.password },
        ...extra,
      };
    },
  };
}
