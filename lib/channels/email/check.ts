import "server-only";
import type { Check } from "../types";
import { closeImap, imapClient, serverWords, smtpTransport } from "./connection";
import { imapSettings, smtpSettings, type EmailConfig, type EmailSecrets } from "./schema";

/** The mailbox a connection follows; one live inbox per mailbox, or two inboxes would import the same mail. */
export function channelKeyFor(config: EmailConfig): string {
  const mailbox = config.imap.mailbox || "INBOX";
  return `email:${config.imap.user.toLowerCase()}@${config.imap.host.toLowerCase()}:${config.imap.port}/${mailbox}`;
}

async function checkImap(config: EmailConfig, secrets: EmailSecrets): Promise<string | null> {
  const s = imapSettings(config, secrets);
  const client = imapClient(s);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    return `IMAP login to ${s.host}:${s.port} failed: ${serverWords(e)}`;
  }
  try {
    await client.mailboxOpen(s.mailbox, { readOnly: true });
    return null;
  } catch (e) {
    return `IMAP logged in, but the mailbox “${s.mailbox}” could not be opened: ${serverWords(e)}`;
  } finally {
    await closeImap(client);
  }
}

async function checkSmtp(config: EmailConfig, secrets: EmailSecrets): Promise<string | null> {
  const s = smtpSettings(config, secrets);
  const transport = smtpTransport(s);
  try {
    await transport.verify();
    return null;
  } catch (e) {
    return `SMTP login to ${s.host}:${s.port} failed: ${serverWords(e)}`;
  } finally {
    transport.close();
  }
}

/** Both logins, at once: IMAP login + mailbox select, and SMTP `verify()` (connect, TLS, AUTH). */
export async function checkEmailCredentials(config: EmailConfig, secrets: EmailSecrets): Promise<Check> {
  const [imap, smtp] = await Promise.all([checkImap(config, secrets), checkSmtp(config, secrets)]);
  const problems = [imap, smtp].filter((p): p is string => p !== null);
  if (problems.length) return { ok: false, message: problems.join(" · ") };
  return { ok: true, channelKey: channelKeyFor(config) };
}
