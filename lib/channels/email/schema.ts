import { z } from "zod";

/** `secure: true` is implicit TLS (993/465); false is plain with STARTTLS whenever the server offers it. */
const host = z
  .string()
  .trim()
  .min(1, "Enter the server's host name, e.g. imap.example.com")
  .max(255)
  .regex(/^[a-zA-Z0-9.\-:[\]]+$/, "A host name has no spaces or slashes, e.g. mail.example.com");
const port = z.coerce.number("Enter a port number").int("Enter a port number").min(1, "Ports run from 1 to 65535").max(65535, "Ports run from 1 to 65535");
const secure = z.preprocess((v) => (v === "true" || v === "on" ? true : v === "false" || v === "off" ? false : v), z.boolean());
const user = z.string().trim().min(1, "Enter the login name (often the full email address)").max(320);
const password = z.string().min(1, "Enter the password (or app password)").max(1000);

export const imapInput = z.object({
  host,
  port,
  secure,
  user,
  password,
  mailbox: z
    .string()
    .trim()
    .max(255)
    .optional()
    .transform((v) => v || undefined),
});

export const smtpInput = z.object({ host, port, secure, user, password });

export const SIGNATURE_MAX = 2000;
export const ALIASES_MAX = 10;

/**
 * Other addresses that deliver into this mailbox (aliases, forwarding rules the mail provider
 * keeps): typed as one line ("help@x.com, billing@x.com") or sent as a list.
 */
const EMAIL = z.email();
const aliases = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v),
  z
    .array(z.string().trim().toLowerCase().max(320))
    .max(ALIASES_MAX, `Up to ${ALIASES_MAX} other addresses`)
    .optional()
    // One message for the field (not one per list item), naming what is wrong.
    .superRefine((list, ctx) => {
      const bad = list?.find((a) => !EMAIL.safeParse(a).success);
      if (bad) ctx.addIssue({ code: "custom", message: `“${bad}” is not an email address; separate addresses with commas` });
    })
    .transform((v) => (v?.length ? [...new Set(v)] : undefined)),
);

export const emailInput = z.object({
  email: z.email("Enter the inbox's email address, e.g. support@example.com").max(320).transform((v) => v.toLowerCase()),
  displayName: z
    .string()
    .trim()
    .max(100, "Keep the display name under 100 characters")
    .optional()
    .transform((v) => v || undefined),
  signature: z
    .string()
    .max(SIGNATURE_MAX, `Keep the signature under ${SIGNATURE_MAX} characters`)
    .optional()
    .transform((v) => v?.replace(/\r\n?/g, "\n").trim() || undefined),
  aliases,
  imap: imapInput,
  smtp: smtpInput,
});

const serverConfig = z.object({ host: z.string(), port: z.number(), secure: z.boolean(), user: z.string() });
export const emailConfig = z.object({
  email: z.string(),
  displayName: z.string().optional(),
  signature: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  imap: serverConfig.extend({ mailbox: z.string().optional() }),
  smtp: serverConfig,
});
export const emailSecrets = z.object({ "imap.password": z.string(), "smtp.password": z.string() });

export type EmailConfig = z.infer<typeof emailConfig>;
export type EmailSecrets = z.infer<typeof emailSecrets>;
export type ServerSettings = { host: string; port: number; secure: boolean; user: string; password: string };

export const imapSettings = (c: EmailConfig, s: EmailSecrets): ServerSettings & { mailbox: string } => ({
  ...c.imap,
  password: s["imap.password"],
  mailbox: c.imap.mailbox || "INBOX",
});
export const smtpSettings = (c: EmailConfig, s: EmailSecrets): ServerSettings => ({ ...c.smtp, password: s["smtp.password"] });
