import "server-only";
import { defineChannel } from "../define";
import { checkEmailCredentials } from "./check";
import { sendEmail } from "./send";
import { emailConfig, emailInput, emailSecrets } from "./schema";

/**
 * Email: mail is read from the inbox's IMAP mailbox by a polling job (jobs.ts → sync.ts), not
 * pushed to a webhook (no webhook half, so no webhook URL); replies go out by SMTP. Delivery
 * failures come back as bounces in the mailbox and mark the reply failed (inbound.ts).
 */
export const emailAdapter = defineChannel({
  type: "email",
  inputSchema: emailInput,
  secretFields: ["imap.password", "smtp.password"],
  configSchema: emailConfig,
  secretsSchema: emailSecrets,

  checkCredentials: (config, secrets) => checkEmailCredentials(config, secrets),

  send: (message, inbox) => sendEmail(inbox, message),
});
