import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { autoReplySummary } from "./auto-reply";
import { readBounce } from "./bounce-read";
import { classifyMail } from "./classify";
import { readFeedbackReport } from "./classify-feedback";

/*
 * Our own sample mails, written after the shapes real servers use (qmail, Exim, Postfix,
 * Sendmail, Exchange, Notes, gateways, carriers, webmail providers): raw RFC 822 text, read by
 * mailparser as inbound.ts reads it. `<reply-…@acme.test>` stands for the Message-ID of our reply.
 */

type Part = { type: string; body: string; headers?: string[] };

/** A raw mail: header lines, then a plain body or MIME parts. */
function raw(headers: string[], body: string | { type: string; parts: Part[] }): string {
  const base = ["Date: Mon, 07 Dec 2026 09:30:00 +0000", "Message-ID: <" + Math.random().toString(36).slice(2) + "@sender.test>", "MIME-Version: 1.0"];
  if (typeof body === "string") {
    const hasType = headers.some((h) => /^content-type:/i.test(h));
    return [...headers, ...base, ...(hasType ? [] : ["Content-Type: text/plain; charset=utf-8"]), "Content-Transfer-Encoding: 8bit", "", body, ""].join("\r\n");
  }
  const b = "sep-" + Math.random().toString(36).slice(2);
  const lines = [...headers, ...base, `Content-Type: ${body.type}; boundary="${b}"`, ""];
  for (const p of body.parts) lines.push(`--${b}`, `Content-Type: ${p.type}`, ...(p.headers ?? []), "", p.body);
  lines.push(`--${b}--`, "");
  return lines.join("\r\n");
}

const parse = (text: string) => simpleParser(Buffer.from(text), { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });

async function read(text: string) {
  const mail = await parse(text);
  return { kind: classifyMail(mail, text), report: readBounce(mail, text), mail };
}

/** The returned copy of our reply, as servers append it. */
const returnedHeaders = (to: string, id = "<reply-7f3a@acme.test>") =>
  [`Return-Path: <support@acme.test>`, `From: Acme Support <support@acme.test>`, `To: ${to}`, `Subject: Re: Where is my order?`, `Message-ID: ${id}`, `Date: Mon, 07 Dec 2026 09:00:00 +0000`].join("\n");

const REPLY = "<reply-7f3a@acme.test>";

describe("non-standard delivery reports", () => {
  const cases: { name: string; mail: string; recipient: string | null; reason?: RegExp; failed?: boolean }[] = [
    {
      name: "qmail",
      recipient: "lena@shop.example.com",
      reason: /550 5\.1\.1 Mailbox unavailable/,
      mail: raw(
        ["From: MAILER-DAEMON@mx.acme.test", "To: support@acme.test", "Subject: failure notice"],
        `Hi. This is the qmail-send program at mx.acme.test.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<lena@shop.example.com>:\n192.0.2.10 does not like recipient.\nRemote host said: 550 5.1.1 Mailbox unavailable\nGiving up on 192.0.2.10.\n\n--- Below this line is a copy of the message.\n\n${returnedHeaders("lena@shop.example.com")}\n\nThanks for waiting.`,
      ),
    },
    {
      name: "Exim",
      recipient: "tom@garden.example.org",
      reason: /550 5\.1\.1 No such user here/,
      mail: raw(
        ["From: Mail Delivery System <Mailer-Daemon@relay.acme.test>", "To: support@acme.test", "Subject: Mail delivery failed: returning message to sender"],
        `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  tom@garden.example.org\n    host mx.garden.example.org [192.0.2.20]\n    SMTP error from remote mail server after RCPT TO:<tom@garden.example.org>:\n    550 5.1.1 No such user here\n\n------ This is a copy of the message, including all the headers. ------\n\n${returnedHeaders("tom@garden.example.org")}\n\nHello Tom.`,
      ),
    },
    {
      name: "Exim with X-Failed-Recipients and a subject of its own",
      recipient: "pia@orchard.example.org",
      mail: raw(
        ["From: postmaster@relay2.acme.test", "To: support@acme.test", "Subject: Message rejected", "X-Failed-Recipients: pia@orchard.example.org"],
        `The remote server did not accept the message.\n\n${returnedHeaders("pia@orchard.example.org")}`,
      ),
    },
    {
      name: "Postfix without a DSN part",
      recipient: "ines@bakery.example.net",
      reason: /Recipient address rejected: User unknown/,
      mail: raw(
        ["From: MAILER-DAEMON@mx.acme.test (Mail Delivery System)", "To: support@acme.test", "Subject: Undelivered Mail Returned to Sender"],
        `This is the mail system at host mx.acme.test.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<ines@bakery.example.net>: host mail.bakery.example.net[192.0.2.30] said: 550\n    5.1.1 <ines@bakery.example.net>: Recipient address rejected: User unknown\n    (in reply to RCPT TO command)\n\n${returnedHeaders("ines@bakery.example.net")}`,
      ),
    },
    {
      name: "Sendmail with the message attached",
      recipient: "olga@mill.example.com",
      reason: /User unknown/,
      mail: raw(["From: Mail Delivery Subsystem <MAILER-DAEMON@gw.acme.test>", "To: support@acme.test", "Subject: Returned mail: see transcript for details"], {
        type: "multipart/mixed",
        parts: [
          {
            type: "text/plain; charset=us-ascii",
            body: "The original message was received at Mon, 7 Dec 2026 09:01:02 GMT\nfrom app.acme.test [192.0.2.5]\n\n   ----- The following addresses had permanent fatal errors -----\n<olga@mill.example.com>\n    (reason: 550 5.1.1 User unknown)\n\n   ----- Transcript of session follows -----\n... while talking to mx.mill.example.com.:\n>>> RCPT To:<olga@mill.example.com>\n<<< 550 5.1.1 <olga@mill.example.com>... User unknown",
          },
          { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("olga@mill.example.com") + "\n\nHi Olga." },
        ],
      }),
    },
    {
      name: "Exchange 2003",
      recipient: "paul.hart@corp.example.com",
      reason: /account does not exist/,
      mail: raw(["From: System Administrator <postmaster@corp.example.com>", "To: support@acme.test", "Subject: Undeliverable: Re: Where is my order?"], {
        type: "multipart/mixed",
        parts: [
          {
            type: "text/plain; charset=us-ascii",
            body: "Your message\n\n  To:      Paul Hart\n  Subject: Re: Where is my order?\n  Sent:    Mon, 7 Dec 2026 09:00:00 +0000\n\ndid not reach the following recipient(s):\n\npaul.hart@corp.example.com on Mon, 7 Dec 2026 09:00:05 +0000\n    The e-mail account does not exist at the organization this message was sent to.\n    <mx.corp.example.com #5.1.1>",
          },
          { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("paul.hart@corp.example.com") + "\n\nDear Paul," },
        ],
      }),
    },
    {
      name: "Exchange 2007+",
      recipient: "nadia@firm.example.com",
      reason: /RESOLVER\.ADR\.RecipNotFound/,
      mail: raw(["From: Microsoft Exchange <postmaster@firm.example.com>", "To: support@acme.test", "Subject: Undeliverable: Re: Where is my order?"], {
        type: "multipart/mixed",
        parts: [
          {
            type: "text/plain; charset=us-ascii",
            body: "Delivery has failed to these recipients or groups:\n\nnadia@firm.example.com\nThe e-mail address you entered couldn't be found. Please check it and try again.\n\nDiagnostic information for administrators:\n\nGenerating server: ex1.firm.example.com\n\nnadia@firm.example.com\n#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##",
          },
          { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("nadia@firm.example.com") + "\n\nHello Nadia," },
        ],
      }),
    },
    {
      name: "Office 365, multipart/report without report-type",
      recipient: "ravi@agency.example.com",
      mail: raw(["From: Microsoft Outlook <postmaster@tenant.mail.example.net>", "To: support@acme.test", "Subject: Undeliverable: Re: Where is my order?"], {
        type: "multipart/report",
        parts: [
          {
            type: "text/plain; charset=utf-8",
            body: "Your message to ravi@agency.example.com couldn't be delivered.\n\nravi wasn't found at agency.example.com.\n\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
          },
          { type: "text/rfc822-headers", body: returnedHeaders("ravi@agency.example.com") },
        ],
      }),
    },
    {
      name: "Lotus Notes",
      recipient: "hana.kim@works.example.jp",
      mail: raw(
        ["From: Postmaster <postmaster@works.example.jp>", "To: support@acme.test", "Subject: DELIVERY FAILURE: User hana.kim (hana.kim@works.example.jp) not listed in Domino Directory"],
        `Your message\n\n  Subject: Re: Where is my order?\n\nwas not delivered to:\n\n  hana.kim@works.example.jp\n\nbecause:\n\n  User hana.kim (hana.kim@works.example.jp) not listed in Domino Directory\n\n${returnedHeaders("hana.kim@works.example.jp")}`,
      ),
    },
    {
      name: "McAfee gateway: DSN fields in the text part",
      recipient: "ken@gateway.example.jp",
      reason: /550 Unknown user/,
      mail: raw(["From: <MAILER-DAEMON@gw.example.jp>", "To: support@acme.test", "Subject: Delivery Status"], {
        type: "multipart/mixed",
        parts: [
          {
            type: "text/plain; charset=us-ascii",
            body: "    --- The following addresses had delivery problems ---\n\n<ken@gateway.example.jp>   (Unknown user ken@gateway.example.jp)\n\nOriginal-Recipient: <ken@gateway.example.jp>\nAction: failed\nDiagnostic-Code: smtp; 550 Unknown user ken@gateway.example.jp\nRemote-MTA: 192.0.2.60",
          },
          { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("ken@gateway.example.jp") + "\n\nHi Ken," },
        ],
      }),
    },
    {
      name: "KDDI/au postmaster report",
      recipient: "yuki@au-mail.example.jp",
      reason: /mailbox is full/,
      mail: raw(["From: no-reply@mx01.au-mail.example.jp", "To: support@acme.test", "Subject: Mail"], {
        type: "multipart/mixed",
        parts: [
          { type: "text/plain; charset=us-ascii", body: "Your mail sent on: Mon, 07 Dec 2026 18:00:00 +0900\n     Could not be delivered to: <yuki@au-mail.example.jp>\n     As their mailbox is full." },
          { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("yuki@au-mail.example.jp") + "\n\nYuki-san," },
        ],
      }),
    },
    {
      name: "docomo-style report in Japanese",
      recipient: "sora@docomo-mail.example.jp",
      reason: /550 Unknown user/,
      mail: raw(
        ["From: Mail Delivery Subsystem <MAILER-DAEMON@mfsmax.docomo-mail.example.jp>", "To: support@acme.test", "Subject: =?UTF-8?B?44Oh44O844Or44Ko44Op44O86YCa55+l?="],
        `以下のメールアドレスへの送信に失敗しました。\n\nsora@docomo-mail.example.jp\n\n550 Unknown user sora@docomo-mail.example.jp\n\n${returnedHeaders("sora@docomo-mail.example.jp")}`,
      ),
    },
    {
      name: "Yahoo",
      recipient: "jo@nowhere.example.com",
      reason: /recipient rejected/,
      mail: raw(
        ["From: MAILER-DAEMON@mta.yahoo-mail.example.com", "To: support@acme.test", "Subject: Failure Notice"],
        `Sorry, we were unable to deliver your message to the following address.\n\n<jo@nowhere.example.com>:\nRemote host said: 550 5.1.1 recipient rejected [RCPT_TO]\n\n--- Below this line is a copy of the message.\n\n${returnedHeaders("jo@nowhere.example.com")}`,
      ),
    },
    {
      name: "Gmail's \"Address not found\" (text only)",
      recipient: "amir@lost.example.com",
      mail: raw(
        ["From: Mail Delivery Subsystem <mailer-daemon@googlemail.example.com>", "To: support@acme.test", "Subject: Delivery Status Notification (Failure)", `In-Reply-To: ${REPLY}`],
        "Address not found\n\nYour message wasn't delivered to amir@lost.example.com because the address couldn't be found, or is unable to receive mail.\n\nThe response from the remote server was:\n550 5.1.1 The email account that you tried to reach does not exist.",
      ),
    },
    {
      name: "mail.ru (Exim in Russian, with Auto-Submitted)",
      recipient: "dmitri@tundra.example.ru",
      reason: /User unknown/,
      mail: raw(
        ["From: mailer-daemon@corp.mail-ru.example", "To: support@acme.test", "Subject: =?UTF-8?B?0JLQsNGI0LUg0YHQvtC+0LHRidC10L3QuNC1INC90LUg0LTQvtGB0YLQsNCy0LvQtdC90L4=?=", "Auto-Submitted: auto-replied"],
        `Это письмо создано автоматически сервером, отвечать на него не нужно.\n\nК сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:\n\n  dmitri@tundra.example.ru\n    SMTP error from remote mail server after RCPT TO:<dmitri@tundra.example.ru>:\n    host mx.tundra.example.ru [192.0.2.70]: 550 5.1.1 User unknown\n\n${returnedHeaders("dmitri@tundra.example.ru")}`,
      ),
    },
    {
      name: "Yandex",
      recipient: "vera@post.example.ru",
      reason: /Message rejected/,
      mail: raw(
        ["From: mailer-daemon@mail.yandex.example", "To: support@acme.test", "Subject: =?UTF-8?B?0J3QtdC00L7RgdGC0LDQstC70LXQvdC90L7QtSDRgdC+0L7QsdGJ0LXQvdC40LU=?="],
        `Сообщение не удалось доставить по следующим адресам:\n\n<vera@post.example.ru>: host mx.post.example.ru[192.0.2.40] said: 550 5.7.1 Message rejected\n\n${returnedHeaders("vera@post.example.ru")}`,
      ),
    },
    {
      name: "MAILER-DAEMON <> (no sender address at all)",
      recipient: "gus@farm.example.net",
      reason: /550 5\.1\.1/,
      mail: raw(
        ["From: MAILER-DAEMON <>", "To: support@acme.test", "Subject: Mail delivery failed"],
        `This is the mail agent at relay.acme.test.\n\nThere was an error delivering your mail to <gus@farm.example.net>.\n\nmx.farm.example.net [192.0.2.80] did not like our RCPT TO:\n550 5.1.1 <gus@farm.example.net>: no mailbox by that name\n\nMessage headers follow.\n\n${returnedHeaders("gus@farm.example.net")}`,
      ),
    },
    {
      name: "a delivery-status part inside multipart/mixed",
      recipient: "eli@studio.example.org",
      reason: /mailbox disabled/,
      mail: raw(["From: postmaster@edge.example.org", "To: support@acme.test", "Subject: Notification"], {
        type: "multipart/mixed",
        parts: [
          { type: "text/plain", body: "See the report below." },
          { type: "message/delivery-status", body: "Reporting-MTA: dns; edge.example.org\n\nFinal-Recipient: rfc822; eli@studio.example.org\nAction: failed\nStatus: 5.2.1\nDiagnostic-Code: smtp; 550 5.2.1 mailbox disabled" },
          { type: "text/rfc822-headers", body: returnedHeaders("eli@studio.example.org") },
        ],
      }),
    },
    {
      name: "OpenSMTPD",
      recipient: "noor@desert.example.com",
      mail: raw(
        ["From: Mailer Daemon <MAILER-DAEMON@smtpd.acme.test>", "To: support@acme.test", "Subject: Delivery status notification: error"],
        `Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n\nAn error has occurred while attempting to deliver a message for\nthe following list of recipients:\n\nnoor@desert.example.com: 550 5.1.1 no such mailbox\n\nBelow is a copy of the original message:\n\n${returnedHeaders("noor@desert.example.com")}`,
      ),
    },
    {
      name: "iMail-style one-liner",
      recipient: "sam@tiny.example.com",
      mail: raw(
        ["From: Postmaster <postmaster@tiny.example.com>", "To: support@acme.test", "Subject: Undeliverable Mail"],
        `Unknown user: sam@tiny.example.com\n\nOriginal message follows.\n\n${returnedHeaders("sam@tiny.example.com")}`,
      ),
    },
    {
      name: "Trend Micro gateway transcript",
      recipient: "mika@factory.example.jp",
      reason: /user unknown/,
      mail: raw(["From: postmaster@scan.example.jp (\"InterScan Notification\")", "To: support@acme.test", "Subject: Mail could not be delivered"], {
        type: "multipart/mixed",
        parts: [
          { type: "text/plain", body: "***** Message from InterScan Messaging Security *****\n\nThe message could not be delivered.\n\nSent <<< RCPT TO:<mika@factory.example.jp>\nReceived >>> 550 5.1.1 <mika@factory.example.jp>... user unknown" },
          { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("mika@factory.example.jp") + "\n\nMika," },
        ],
      }),
    },
    {
      name: "Amazon SES notification mailed by SNS",
      recipient: "zoe@bounce.example.com",
      reason: /550 5\.1\.1 user unknown/,
      mail: raw(
        ["From: SES Alerts <no-reply@sns.aws.example.com>", "To: support@acme.test", "Subject: AWS Notification Message"],
        `{\n  "Type" : "Notification",\n  "Message" : "{\\"notificationType\\":\\"Bounce\\",\\"bounce\\":{\\"bouncedRecipients\\":[{\\"emailAddress\\":\\"zoe@bounce.example.com\\",\\"diagnosticCode\\":\\"smtp; 550 5.1.1 user unknown\\"}]},\\"mail\\":{\\"headers\\":[{\\"name\\":\\"Message-ID\\",\\"value\\":\\"${REPLY}\\"}]}}"\n}`,
      ),
    },
    {
      name: "Zoho (Exim-style, reason on the address line)",
      recipient: "leo@valley.example.com",
      reason: /User Unknown/,
      mail: raw(
        ["From: mailer-daemon@mx.zoho-mail.example", "To: support@acme.test", "Subject: Undelivered Mail Returned to Sender"],
        `This message was created automatically by mail delivery software.\nA message that you sent could not be delivered to one or more of its recipients. This is a permanent error.\n\nleo@valley.example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <leo@valley.example.com>... User Unknown\n\n${returnedHeaders("leo@valley.example.com")}`,
      ),
    },
    {
      name: "a German provider",
      recipient: "felix@berg.example.de",
      reason: /Benutzer unbekannt/,
      mail: raw(
        ["From: Mail Delivery System <mailer-daemon@mx.web-post.example.de>", "To: support@acme.test", "Subject: Unzustellbar: Re: Where is my order?"],
        `Diese Nachricht wurde automatisch erzeugt.\n\nIhre Nachricht konnte nicht zugestellt werden an:\n\nfelix@berg.example.de\n\n550 5.1.1 Benutzer unbekannt\n\n${returnedHeaders("felix@berg.example.de")}`,
      ),
    },
    {
      name: "a French provider",
      recipient: "chloe@ville.example.fr",
      reason: /Adresse inconnue/,
      mail: raw(
        ["From: postmaster@smtp.fournisseur.example.fr", "To: support@acme.test", "Subject: Non remis : Re: Where is my order?"],
        `Votre message n'a pas pu être remis à :\n\n  chloe@ville.example.fr\n\n550 5.1.1 Adresse inconnue\n\n${returnedHeaders("chloe@ville.example.fr")}`,
      ),
    },
    {
      name: "a qmail report that gave up after temporary errors",
      recipient: "ivy@busy.example.com",
      mail: raw(
        ["From: MAILER-DAEMON@mx.acme.test", "To: support@acme.test", "Subject: failure notice"],
        `Hi. This is the qmail-send program at mx.acme.test.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<ivy@busy.example.com>:\nRemote host said: 421 4.7.0 Messages temporarily deferred\nI'm not going to try again; this message has been in the queue too long.\n\n--- Below this line is a copy of the message.\n\n${returnedHeaders("ivy@busy.example.com")}`,
      ),
    },
    {
      name: "an Exim delay warning",
      recipient: null,
      failed: false,
      mail: raw(
        ["From: Mail Delivery System <Mailer-Daemon@relay.acme.test>", "To: support@acme.test", "Subject: Warning: message 1kQ2x-0004 delayed 24 hours"],
        `This message was created automatically by mail delivery software.\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on relay.acme.test.\n\n  lou@slow.example.com\n    Delay reason: connection timed out\n\nNo action is required on your part.\n\n${returnedHeaders("lou@slow.example.com")}`,
      ),
    },
  ];

  it.each(cases)("$name: a bounce of our reply, naming who it failed for", async ({ mail, recipient, reason, failed }) => {
    const { kind, report } = await read(mail);
    expect(kind).toBe("bounce");
    expect(report.originalIds[0]).toBe(REPLY);
    expect(report.failed).toBe(failed ?? true);
    if (recipient) {
      expect(report.failedRecipients.flat()).toContain(recipient);
      expect(report.failedRecipients.flat()).not.toContain("support@acme.test");
      expect(report.reason).toContain(recipient);
    }
    if (reason) expect(report.reason).toMatch(reason);
  });

  it("says \"Not delivered to x: …\" for a report in prose, with the server's answer", async () => {
    const { report } = await read(cases[3]!.mail);
    expect(report.reason).toBe("Not delivered to ines@bakery.example.net: 550 5.1.1 <ines@bakery.example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)");
    expect(report.detail).toBe("550 5.1.1 <ines@bakery.example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)");
  });

  it("a standard report keeps naming each failed recipient, and only those that failed", async () => {
    const mail = raw(["From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>", "To: support@acme.test", "Subject: Undelivered Mail Returned to Sender"], {
      type: "multipart/report; report-type=delivery-status",
      parts: [
        { type: "text/plain", body: "This is the mail system at host mx.acme.test." },
        {
          type: "message/delivery-status",
          body: "Reporting-MTA: dns; mx.acme.test\n\nFinal-Recipient: rfc822; cc-gone@partner.example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 unknown\n\nFinal-Recipient: rfc822; fine@partner.example.com\nAction: delayed\nStatus: 4.4.1",
        },
        { type: "text/rfc822-headers", body: returnedHeaders("maya@customer.example.com") },
      ],
    });
    const { kind, report } = await read(mail);
    expect(kind).toBe("bounce");
    expect(report.failedRecipients).toEqual([["cc-gone@partner.example.com"]]);
    expect(report.reason).toBe("The recipient's mail server refused it for cc-gone@partner.example.com: 550 5.1.1 unknown");
  });
});

describe("mail that only talks about delivery", () => {
  it("a customer forwarding a bounce they got is their message", async () => {
    const mail = raw(
      ["From: Rosa Diaz <rosa@customer.example.com>", "To: support@acme.test", "Subject: Fwd: Undeliverable: my invoice"],
      "Can you check this? I got it when writing to billing.\n\n---------- Forwarded message ---------\nFrom: postmaster@customer.example.com\nDelivery has failed to these recipients or groups:\n\nbilling@acme.test",
    );
    expect((await read(mail)).kind).toBe("mail");
  });

  it("a customer forwarding a whole report inline (its delivery-status part and all) is their message", async () => {
    const inner = "sep-inner";
    const report = [
      "From: MAILER-DAEMON@mx.customer.example.com",
      "Subject: Undelivered Mail Returned to Sender",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${inner}"`,
      "",
      `--${inner}`,
      "Content-Type: text/plain",
      "",
      "This is the mail system at host mx.customer.example.com.",
      `--${inner}`,
      "Content-Type: message/delivery-status",
      "",
      "Final-Recipient: rfc822; billing@acme.test",
      "Action: failed",
      "Status: 5.1.1",
      `--${inner}--`,
    ].join("\n");
    const mail = raw(["From: Rosa Diaz <rosa@customer.example.com>", "To: support@acme.test", "Subject: Fwd: Undelivered Mail Returned to Sender"], {
      type: "multipart/mixed",
      parts: [
        { type: "text/plain", body: "My mail to billing bounced, see below. Can you help?" },
        { type: "message/rfc822", headers: ["Content-Disposition: inline"], body: report },
      ],
    });
    expect((await read(mail)).kind).toBe("mail");
  });

  it("a customer whose parcel delivery failed is a customer", async () => {
    const mail = raw(["From: Ben Ode <ben@customer.example.com>", "To: support@acme.test", "Subject: Delivery failed twice"], "Hi, the courier says the delivery has failed and the message could not be delivered to my door.");
    expect((await read(mail)).kind).toBe("mail");
  });

  it("a customer quoting a server's words in a reply is a customer", async () => {
    const mail = raw(
      ["From: Ada Lee <ada@customer.example.com>", "To: support@acme.test", "Subject: Re: Your account"],
      "My colleague got this:\n> This message was created automatically by mail delivery software.\n> A message that you sent could not be delivered to one or more of its recipients.\n\nWhat does it mean?",
    );
    expect((await read(mail)).kind).toBe("mail");
  });
});

describe("auto-replies", () => {
  const exchange = (subject: string, extra: string[] = []) =>
    raw([`From: Maya Chen <maya@customer.example.com>`, "To: support@acme.test", `Subject: ${subject}`, `In-Reply-To: ${REPLY}`, "X-Auto-Response-Suppress: All", ...extra], "I am away until Monday.");

  it.each([
    ["Exchange, English", exchange("Automatic reply: Re: Where is my order?")],
    ["Exchange, German", exchange("Abwesenheitsnotiz: Re: Bestellung 4411")],
    ["Exchange, German (newer)", exchange("Automatische Antwort: Re: Bestellung 4411")],
    ["Exchange, French (space before the colon)", exchange("Réponse automatique : Re: Commande 4411")],
    ["Exchange, Spanish", exchange("Respuesta automática: Re: Pedido 4411")],
    ["Exchange, Portuguese", exchange("Resposta automática: Re: Pedido 4411")],
    ["Exchange, Italian", exchange("Risposta automatica: R: Ordine 4411")],
    ["Exchange, Dutch", exchange("Automatisch antwoord: RE: Bestelling 4411")],
    ["Exchange, Swedish/Norwegian", exchange("Autosvar: SV: Beställning 4411")],
    ["Exchange, Russian", exchange("=?UTF-8?B?0JDQstGC0L7QvtGC0LLQtdGCOiBSZTog0JfQsNC60LDQtyA0NDEx?=")],
    ["Exchange, Chinese (full-width colon)", exchange("=?UTF-8?B?6Ieq5Yqo5Zue5aSN77yaUmU6IOiuouWNlSA0NDEx?=")],
    ["Exchange, Japanese", exchange("=?UTF-8?B?6Ieq5YuV6L+U5L+hOiBSZTog5rOo5paHNDQxMQ==?=")],
    ["an \"Auto reply:\" subject alone (Apple's server)", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Auto reply: Re: Where is my order?"], "Back soon.")],
    ["\"Out of office\" with an empty return path", raw(["Return-Path: <>", "From: kim@customer.example.com", "To: support@acme.test", "Subject: Out of office until 14 June"], "Back soon.")],
    ["Exchange rule reply: Inbox-Rules-Loop and Generated-Message-Source", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Thanks for your mail", "X-MS-Exchange-Inbox-Rules-Loop: kim@customer.example.com", "X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent"], "We received your mail.")],
    ["RFC 3834 auto-replied", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Away until May 5", "Auto-Submitted: auto-replied"], "Away.")],
    ["RFC 3834 auto-generated", raw(["From: tickets@vendor.example.com", "To: support@acme.test", "Subject: Ticket received", "Auto-Submitted: auto-generated"], "We got it.")],
    ["Zimbra vacation", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: On leave", "Auto-Submitted: auto-replied (zimbra; vacation)"], "On leave.")],
    ["X-Autoreply", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Re: order", "X-Autoreply: yes"], "Away.")],
    ["X-Autorespond", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Re: order", "X-Autorespond: on"], "Away.")],
    ["X-Auto-Reply", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Re: order", "X-Auto-Reply: true"], "Away.")],
    ["X-Mail-Autoreply", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Re: order", "X-Mail-Autoreply: kim@customer.example.com"], "Away.")],
    ["Precedence: auto_reply", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Re: order", "Precedence: auto_reply"], "Away.")],
    ["Precedence: junk", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Re: order", "Precedence: junk"], "Away.")],
    ["a read receipt", raw(["From: kim@customer.example.com", "To: support@acme.test", "Subject: Read: Re: order"], { type: "multipart/report; report-type=disposition-notification", parts: [{ type: "text/plain", body: "Your message was read." }, { type: "message/disposition-notification", body: "Final-Recipient: rfc822; kim@customer.example.com\nDisposition: manual-action/MDN-sent-manually; displayed" }] })],
  ])("%s", async (_name, mail) => {
    expect((await read(mail)).kind).toBe("auto-reply");
  });

  it.each([
    ["an Outlook mail asking not to be auto-answered", raw(["From: Ole <ole@customer.example.com>", "To: support@acme.test", "Subject: Question about invoice 88", "X-Auto-Response-Suppress: RN, NRN, OOF, AutoReply"], "Why was I charged twice?")],
    ["an Outlook meeting request (Suppress: All)", raw(["From: Ole <ole@customer.example.com>", "To: support@acme.test", "Subject: Call about the renewal", "X-Auto-Response-Suppress: All"], "Shall we talk on Friday?")],
    ["a mail an Exchange rule redirected to us", raw(["From: Ole <ole@customer.example.com>", "To: info@acme.test", "Subject: Broken zipper", "X-MS-Exchange-Inbox-Rules-Loop: info@acme.test"], "The zipper broke after a week.")],
    ["a customer asking about office hours", raw(["From: Ole <ole@customer.example.com>", "To: support@acme.test", "Subject: Out of office hours support?"], "Do you answer on weekends?")],
    ["a customer answering an auto-reply", raw(["From: Ole <ole@customer.example.com>", "To: support@acme.test", "Subject: Re: Automatic reply: Order"], "Your autoresponder said to write again.")],
    ["Auto-Submitted: no", raw(["From: Ole <ole@customer.example.com>", "To: support@acme.test", "Subject: Hello", "Auto-Submitted: no"], "Real person here.")],
  ])("not an auto-reply: %s", async (_name, mail) => {
    expect((await read(mail)).kind).toBe("mail");
  });

  it("an auto-reply whose subject mentions a failed delivery is still an auto-reply", async () => {
    const mail = exchange("Automatic reply: Re: Your parcel could not be delivered");
    expect((await read(mail)).kind).toBe("auto-reply");
  });

  it("summarises the subject for the activity line, without the prefixes or the conversation's own subject", () => {
    expect(autoReplySummary("Automatic reply: Out of office until 14 June", "Where is my order?")).toBe("Out of office until 14 June");
    expect(autoReplySummary("Automatic reply: Re: Where is my order?", "Where is my order?")).toBe("");
    expect(autoReplySummary("Abwesenheitsnotiz: AW: Re: Bestellung", "Bestellung")).toBe("");
    expect(autoReplySummary("Réponse automatique : Absent jusqu'au 3 janvier", null)).toBe("Absent jusqu'au 3 janvier");
    expect(autoReplySummary(`Out of office: ${"very long ".repeat(20)}`, null)).toMatch(/^very long .{60,}…$/);
  });
});

describe("feedback-loop reports", () => {
  it("an ARF report names the reported reply and its recipient", async () => {
    const mail = raw(["From: Feedback Loop <fbl@feedback.mailhost.example>", "To: abuse@acme.test", "Subject: Abuse report"], {
      type: "multipart/report; report-type=feedback-report",
      parts: [
        { type: "text/plain", body: "This is an email abuse report for a message received from 192.0.2.5." },
        { type: "message/feedback-report", body: "Feedback-Type: abuse\nUser-Agent: ExampleFBL/1.0\nVersion: 1\nOriginal-Mail-From: <support@acme.test>\nOriginal-Rcpt-To: <maya@customer.example.com>\nSource-IP: 192.0.2.5" },
        { type: "message/rfc822", body: returnedHeaders("maya@customer.example.com") + "\n\nHello" },
      ],
    });
    const parsed = await parse(mail);
    expect(classifyMail(parsed, mail)).toBe("feedback");
    expect(readFeedbackReport(parsed, mail)).toEqual({ feedbackType: "abuse", provider: "feedback.mailhost.example", originalIds: [REPLY], recipients: ["maya@customer.example.com"] });
  });

  it("a report whose top type lost report-type is still one, and falls back to the returned To", async () => {
    const mail = raw(["From: complaints@isp.example.net", "To: abuse@acme.test", "Subject: Complaint"], {
      type: "multipart/mixed",
      parts: [
        { type: "message/feedback-report", body: "Feedback-Type: fraud\nUser-Agent: IspFBL/2.1\nVersion: 1" },
        { type: "message/rfc822", headers: ["Content-Disposition: attachment"], body: returnedHeaders("tariq@isp.example.net") + "\n\nHello" },
      ],
    });
    const parsed = await parse(mail);
    expect(classifyMail(parsed, mail)).toBe("feedback");
    expect(readFeedbackReport(parsed, mail)).toMatchObject({ feedbackType: "fraud", originalIds: [REPLY], recipients: ["tariq@isp.example.net"] });
  });

  it("Outlook.com's JMRP complaint", async () => {
    const mail = raw(["From: staff@webmail.example.com", "To: abuse@acme.test", "Subject: complaint about message from 192.0.2.5"], {
      type: "multipart/mixed",
      parts: [
        { type: "text/plain", body: "A user of ours reported this message." },
        { type: "message/rfc822", body: "X-HmXmrOriginalRecipient: lina@webmail.example.com\n" + returnedHeaders("lina@webmail.example.com") + "\n\nHello" },
      ],
    });
    const parsed = await parse(mail);
    expect(classifyMail(parsed, mail)).toBe("feedback");
    expect(readFeedbackReport(parsed, mail)).toMatchObject({ originalIds: [REPLY], recipients: ["lina@webmail.example.com"] });
  });
});
