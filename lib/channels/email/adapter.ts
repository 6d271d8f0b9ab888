import "server-only";
import type { ChannelAdapter } from "../types";
import { checkEmailCredentials } from "./check";
import { sendEmail } from "./outbound";
import { emailConfig, emailInput, emailSecrets, type EmailConfig, type EmailSecrets } from "./schema";

/**
 * Email: mail is read from the inbox's IMAP mailbox by a polling job (jobs.ts → sync.ts), not
 * pushed to a webhook; replies go out by SMTP. Delivery failures come back as bounces in the
 * mailbox and mark the reply failed (inbound.ts).
 */
export const emailAdapter: ChannelAdapter<EmailConfig, EmailSecrets, Record<string, never>> = {
  type: "email",
  inputSchema: emailInput,
  secretFields: ["imap.password", "smtp.password"],
  configSchema: emailConfig,
  secretsSchema: emailSecrets,
  usesWebhook: false,
  generate: () => ({}),
  regenerable: [],

  checkCredentials: (config, secrets) => checkEmailCredentials(config, secrets),

  // Nothing arrives over HTTP: every webhook request for an email inbox is refused.
  verifyRequest: () => ({ ok: false, message: "Email inboxes receive mail over IMAP, not webhooks" }),
  parseInbound: () => ({ ok: true, events: [] }),

  send: (message, inbox) => sendEmail(message, inbox.config, inbox.secrets, inbox.id),
};
