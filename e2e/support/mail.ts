import { randomBytes } from "node:crypto";

/** Builds raw RFC 5322 mail for tests, as a customer's client or an MTA would send it. */
export type TestMail = {
  from: string;
  to?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: Buffer; cid?: string }[];
};

export const newMessageId = (domain = "customer.test") => `<${randomBytes(8).toString("hex")}@${domain}>`;

export function buildMail(m: TestMail): string {
  const id = m.messageId ?? newMessageId();
  const head = [
    `From: ${m.from}`,
    `To: ${m.to ?? "Support <support@example.test>"}`,
    `Subject: ${m.subject ?? "Question about my order"}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${id}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references?.length ? [`References: ${m.references.join(" ")}`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
  ];
  const text = m.text ?? "Hello, where is my order?";
  const b = `b-${randomBytes(6).toString("hex")}`;
  const alt = `a-${randomBytes(6).toString("hex")}`;
  const textPart = [`Content-Type: text/plain; charset=utf-8`, "Content-Transfer-Encoding: 8bit", "", text];
  const body: string[] = [];
  if (!m.html && !m.attachments?.length) return [...head, ...textPart].join("\r\n") + "\r\n";
  head.push(`Content-Type: multipart/mixed; boundary="${b}"`);
  body.push("", `--${b}`);
  if (m.html) {
    body.push(`Content-Type: multipart/alternative; boundary="${alt}"`, "", `--${alt}`, ...textPart, `--${alt}`);
    body.push("Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", m.html, `--${alt}--`);
  } else {
    body.push(...textPart);
  }
  for (const a of m.attachments ?? []) {
    body.push(`--${b}`, `Content-Type: ${a.contentType}; name="${a.filename}"`, "Content-Transfer-Encoding: base64");
    if (a.cid) body.push(`Content-ID: <${a.cid}>`);
    body.push(`Content-Disposition: ${a.cid ? "inline" : "attachment"}; filename="${a.filename}"`, "");
    body.push(a.content.toString("base64").replace(/.{76}/g, "$&\r\n"));
  }
  body.push(`--${b}--`, "");
  return [...head, ...body].join("\r\n");
}

/** A delivery status notification (RFC 3464) about `originalId`, as Postfix sends it. */
export function buildBounce(opts: { originalId: string; recipient: string; to: string; action?: "failed" | "delayed"; diagnostic?: string }): string {
  const b = `r-${randomBytes(6).toString("hex")}`;
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>",
    `To: ${opts.to}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${newMessageId("mx.customer.test")}`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system at host mx.customer.test.",
    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    "",
    `--${b}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.customer.test",
    "",
    `Final-Recipient: rfc822; ${opts.recipient}`,
    `Action: ${opts.action ?? "failed"}`,
    `Status: ${opts.action === "delayed" ? "4.4.1" : "5.1.1"}`,
    `Diagnostic-Code: smtp; ${opts.diagnostic ?? `550 5.1.1 <${opts.recipient}>: Recipient address rejected:\r\n    User unknown in virtual mailbox table`}`,
    "",
    `--${b}`,
    "Content-Type: text/rfc822-headers",
    "",
    `From: Support <${opts.to}>`,
    `To: ${opts.recipient}`,
    "Subject: Re: Question about my order",
    `Message-ID: ${opts.originalId}`,
    "",
    `--${b}--`,
    "",
  ].join("\r\n");
}
