import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { startDovecot, type Dovecot, type MailUser } from "./fakes/mail/dovecot";
import { startSmtpSink, type SmtpSink } from "./fakes/mail/smtp";
import { buildMail, newMessageId } from "./support/mail";
import type { Api, Json } from "./support/api-client";
import { baseUrl, signInAdmin } from "./support/app";
import { adminApi, re, tag } from "./support/workspace-helpers";
import { expectAccessible } from "./support/axe";

/**
 * Axe checks our page, not the mail inside the sandboxed frame (a sender's HTML is theirs). Legacy
 * mode runs in the page alone: the default mode ends by opening a blank page in the context, which
 * Chromium refuses here once a mail frame is on the page ("Failed to find browser context").
 */
const expectMailPageAccessible = (page: Page, what: string) => expectAccessible(page, what, { legacy: true, exclude: "[data-message-id] iframe" });

/*
 * Issue 5: the email channel end to end, against a real Dovecot (IMAP) and a real SMTP server on
 * loopback. The app polls the mailbox every second (KONVERSIO_EMAIL_POLL_SECONDS in the global setup).
 */

const SHOTS = process.env.EMAIL_SHOTS_DIR ?? "test-results/screenshots";
/** `tall`: the settings pages scroll inside the app shell, so the whole form needs a tall window. */
async function shot(page: Page, name: string, tall = false) {
  const size = page.viewportSize()!;
  if (tall) await page.setViewportSize({ width: size.width, height: 2200 });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  if (tall) await page.setViewportSize(size);
}

let imap: Dovecot;
let smtp: SmtpSink;
const users: MailUser[] = Array.from({ length: 6 }, (_, i) => ({ user: `help${i}@shop.test`, password: `imap-secret-${i}` }));

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  imap = await startDovecot(users);
  smtp = await startSmtpSink({ user: "relay@shop.test", password: "smtp-secret" });
});
test.afterAll(async () => {
  await imap?.stop();
  await smtp?.stop();
});

/** An email inbox on the test servers, created through the API (for tests about the thread, not the form). */
function createEmailInbox(admin: Api, name: string, user: MailUser): Promise<Json> {
  return admin.post("/inboxes", {
    name: `${name} ${tag()}`,
    channel: {
      type: "email",
      email: user.user,
      displayName: "Shop Help",
      imap: { host: imap.host, port: imap.port, secure: false, user: user.user, password: user.password },
      smtp: { host: smtp.host, port: smtp.port, secure: false, user: smtp.user, password: smtp.password },
    },
  });
}

async function fillCreateForm(page: Page, name: string, user: MailUser, imapPassword: string) {
  await page.getByLabel("Inbox name").fill(name);
  await page.getByLabel("Email address").fill(user.user);
  await page.getByLabel("Sender name").fill("Shop Help");
  await page.getByLabel("Signature").fill("**Shop** Help team\nhttps://shop.test/help");
  const incoming = page.getByRole("group", { name: "Incoming mail (IMAP)" });
  await incoming.getByLabel("IMAP server").fill(imap.host);
  await incoming.getByLabel("Security").selectOption("false");
  await incoming.getByLabel("Port").fill(String(imap.port));
  await incoming.getByLabel(/^Username/).fill(user.user);
  await incoming.getByLabel(/^Password/).fill(imapPassword);
  await page.getByLabel("Use the IMAP username and password").uncheck();
  const outgoing = page.getByRole("group", { name: "Outgoing mail (SMTP)" });
  await outgoing.getByLabel("SMTP server").fill(smtp.host);
  await outgoing.getByLabel("Security").selectOption("false");
  await outgoing.getByLabel("Port").fill(String(smtp.port));
  await outgoing.getByLabel(/^Username/).fill(smtp.user);
  await outgoing.getByLabel(/^Password/).fill(smtp.password);
}

test("an admin connects a mailbox; new mail appears live; the reply arrives threaded at the SMTP server", async ({ page, browser, request }) => {
  await adminApi(browser, request);
  await signInAdmin(page);
  const user = users[0]!;
  const name = `Help desk ${tag()}`;

  await page.goto(baseUrl() + "/settings/inboxes/new/email");
  await fillCreateForm(page, name, user, "not-the-password");
  await shot(page, "email-create-form", true);
  await page.getByRole("button", { name: "Check and create" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "IMAP login" });
  await expect(alert).toContainText("Authentication failed");
  await expect(page).toHaveURL(/\/settings\/inboxes\/new\/email$/);
  await shot(page, "email-create-error", true);
  await expectMailPageAccessible(page, "the create form with an error");

  await page.getByRole("group", { name: "Incoming mail (IMAP)" }).getByLabel(/^Password/).fill(user.password);
  await page.getByRole("button", { name: "Check and create" }).click();
  await expect(page).toHaveURL(/\/settings\/inboxes\/[0-9a-f-]{36}\/setup$/);
  const inboxId = /inboxes\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

  // The agent's list, open before the mail arrives: it must appear without a reload.
  await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inboxId}`);
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
  const firstId = newMessageId("customer.test");
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await imap.append(
    user,
    buildMail({
      from: "Maya Chen <maya@customer.test>",
      to: `Shop Help <${user.user}>`,
      subject: "Parcel arrived damaged",
      messageId: firstId,
      headers: { Cc: "Ben Chen <ben@customer.test>" },
      text: "The box was crushed and the mug is broken.",
      html: `<p>The box was <b>crushed</b> and the mug is broken.</p><script>alert("xss")</script><img src="x" onerror="alert('xss2')"><a href="javascript:alert('xss3')">photos</a>`,
    }),
  );
  const row = page.getByRole("link", { name: /Maya Chen/ });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();

  const card = page.locator('[data-message-id][data-kind="incoming"]').first();
  await expect(card.getByText("maya@customer.test")).toBeVisible();
  const body = card.frameLocator("iframe");
  await expect(body.getByText("crushed")).toBeVisible();
  await expect(body.locator("script")).toHaveCount(0);
  expect(dialogs).toEqual([]);

  // Reply-all: Ben, whom Maya copied, stays in the loop, and the composer says so before sending.
  await expect(page.getByText(/^To maya@customer\.test\s*·?\s*,?\s*Cc ben@customer\.test$/)).toBeVisible();
  await page.getByRole("textbox", { name: "Reply" }).fill("So sorry, Maya!\n\nA new mug is on its way.");
  await page.getByRole("button", { name: "Send" }).click();
  const [mail] = await smtp.waitFor(1, 20_000);
  expect(mail!.envelope).toEqual({ from: user.user, to: ["maya@customer.test", "ben@customer.test"] });
  expect(mail!.parsed.cc).toMatchObject({ value: [{ address: "ben@customer.test" }] });
  expect(mail!.parsed.from?.value[0]).toEqual({ address: user.user, name: "Shop Help" });
  expect(mail!.parsed.subject).toBe("Re: Parcel arrived damaged");
  expect(mail!.parsed.inReplyTo).toBe(firstId);
  expect(mail!.parsed.references).toBe(firstId);
  expect(mail!.parsed.messageId).toMatch(/^<[0-9a-f-]{36}\.konversio@shop\.test>$/);
  expect(mail!.parsed.text).toContain("A new mug is on its way.\n\n-- \nShop Help team");
  const reply = page.locator('[data-message-id][data-kind="outgoing"]').first();
  await expect(reply.getByRole("img", { name: "Sent" })).toBeVisible();

  // Maya answers in her mail client: the answer joins this conversation.
  await imap.append(
    user,
    buildMail({
      from: "Maya Chen <maya@customer.test>",
      subject: "Re: Parcel arrived damaged",
      inReplyTo: mail!.parsed.messageId,
      references: [firstId, mail!.parsed.messageId!],
      text: `Thank you!\n\nOn Mon, Shop Help <${user.user}> wrote:\n> So sorry, Maya!`,
    }),
  );
  await expect(page.locator("[data-message-id]").filter({ hasText: "Thank you!" })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator("[data-message-id]")).toHaveCount(3);

  // The settings page says when the mailbox was last read.
  await page.goto(`${baseUrl()}/settings/inboxes/${inboxId}/configuration`);
  await expect(page.getByTestId("email-last-sync")).toBeVisible();
  // Check now: a sync runs at once and the card shows its outcome in place.
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Checked — the result is shown above." })).toBeVisible({ timeout: 20_000 });
  await shot(page, "email-settings-sync", true);
  await expectMailPageAccessible(page, "the settings page after a sync check");
});

test("screenshots: a newsletter and a long reply chain", async ({ page, browser, request }) => {
  const user = users[1]!;
  const inbox = await createEmailInbox(await adminApi(browser, request), "Newsletters", user);
  await signInAdmin(page);
  await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inbox.id}`);
  await imap.append(user, buildMail({ from: "Northwind Tea <news@northwind.test>", subject: "Spring harvest: 3 new teas", html: NEWSLETTER, text: "Spring harvest" }));
  await page.getByRole("link", { name: /Northwind Tea/ }).click();
  const frame = page.locator("[data-message-id] iframe").first();
  await expect(page.frameLocator("[data-message-id] iframe").first().getByText("First flush Darjeeling")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Load images" })).toBeVisible();
  // The frame grows to the newsletter's height instead of scrolling inside the thread.
  await expect.poll(() => frame.evaluate((el) => (el as HTMLIFrameElement).offsetHeight)).toBeGreaterThan(400);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.getByRole("log", { name: "Messages" }).evaluate((el) => (el.parentElement!.scrollTop = 0));
  await shot(page, "email-thread-newsletter");

  // A long back-and-forth: each mail quotes the whole history, which stays folded.
  let refs: string[] = [];
  let history = "";
  const customerSays = ["My invoice shows the wrong address.", "It should be 12 Harbour Road, Leith.", "Great, and can you resend the invoice?", "Got it, thanks a lot!"];
  for (const [i, text] of customerSays.entries()) {
    const id = newMessageId("customer.test");
    const body = history ? `${text}\n\nOn Tue, Shop Help <${user.user}> wrote:\n${history.split("\n").map((l) => `> ${l}`).join("\n")}` : text;
    await imap.append(user, buildMail({ from: "Omar Haddad <omar@customer.test>", to: `Shop Help <${user.user}>`, subject: i ? "Re: Wrong address on invoice" : "Wrong address on invoice", messageId: id, inReplyTo: refs.at(-1), references: refs, text: body }));
    refs = [...refs, id];
    history = `${text}\n${history}`.trim();
    if (i === 0) {
      await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inbox.id}`);
      await page.getByRole("link", { name: /Omar Haddad/ }).click();
    }
    await expect(page.locator("[data-message-id]").filter({ hasText: text }).first()).toBeVisible({ timeout: 20_000 });
    if (i < customerSays.length - 1) {
      const before = smtp.received.length;
      const answer = ["Sorry about that — what is the right address?", "Updated. Anything else?", "Done: the corrected invoice is on its way."][i]!;
      await page.getByRole("textbox", { name: "Reply" }).fill(answer);
      await page.getByRole("button", { name: "Send" }).click();
      await smtp.waitFor(before + 1, 20_000);
      refs = [...refs, smtp.received.at(-1)!.parsed.messageId!];
      history = `${answer}\n${history}`;
    }
  }
  await expect(page.getByRole("button", { name: "Show quoted text" })).toHaveCount(3);
  // Mail addressed to the inbox alone: the reply goes to Omar, nobody is copied.
  await expect(page.getByText("To omar@customer.test", { exact: true })).toBeVisible();
  await expect(page.getByText(re("> My invoice shows the wrong address."))).toHaveCount(0);
  await shot(page, "email-thread-chain");
  await expectMailPageAccessible(page, "a thread of a mail chain");
});

test("the agent edits who is copied before sending: one removed, one added, a typo caught", async ({ page, browser, request }) => {
  const user = users[2]!;
  const inbox = await createEmailInbox(await adminApi(browser, request), "Sales", user);
  await signInAdmin(page);
  await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inbox.id}`);
  await imap.append(
    user,
    buildMail({
      from: "Lena Park <lena@studio.test>",
      to: `Shop Help <${user.user}>`,
      headers: { Cc: "Raj Mehta <raj@studio.test>, accounts@studio.test" },
      subject: "Quote for 40 chairs",
      text: "Could you send a quote? Raj and our accounts team are copied.",
    }),
  );
  await page.getByRole("link", { name: /Lena Park/ }).click({ timeout: 20_000 });
  await expect(page.getByText(/^To lena@studio\.test.*Cc raj@studio\.test, accounts@studio\.test$/)).toBeVisible();

  await page.getByRole("button", { name: "Edit Cc" }).click();
  const cc = page.getByRole("textbox", { name: "Cc", exact: true });
  await expect(cc).toBeFocused();
  await page.getByRole("button", { name: "Remove accounts@studio.test" }).click();
  await cc.fill("ops@studio");
  await cc.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "“ops@studio” is not an email address" })).toBeVisible();
  await expect(cc).toHaveAttribute("aria-invalid", "true");
  await cc.fill("Ops Desk <ops@studio.test>");
  await cc.press("Enter");
  const copied = page.getByRole("list", { name: "Copied on this reply" }).getByRole("listitem");
  await expect(copied).toHaveText(["raj@studio.test", "ops@studio.test"]);
  // The line above the reply box says where the reply goes now.
  await expect(page.getByText(/^To lena@studio\.test.*Cc raj@studio\.test, ops@studio\.test$/)).toBeVisible();
  await page.getByRole("textbox", { name: "Reply" }).fill("Quote attached: 40 chairs at the studio rate.");
  await shot(page, "email-composer-cc");
  await expectMailPageAccessible(page, "the composer with Cc");

  const before = smtp.received.length;
  await page.getByRole("button", { name: "Send" }).click();
  await smtp.waitFor(before + 1, 20_000);
  const mail = smtp.received.at(-1)!;
  expect(mail.envelope.to).toEqual(["lena@studio.test", "raj@studio.test", "ops@studio.test"]);
  // Sent: the editor closes, and the next reply starts from reply-all again.
  await expect(cc).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit Cc" })).toBeVisible();
});

test("an agent writes first: New email checks the fields, sends the mail and opens its conversation", async ({ page, browser, request }) => {
  const user = users[3]!;
  const inbox = await createEmailInbox(await adminApi(browser, request), "Outreach", user);
  await signInAdmin(page);
  await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inbox.id}`);
  const dialog = page.getByRole("dialog", { name: "New email" });
  // C opens it from the keyboard, like the button (once the page is live: shortcuts attach on hydration).
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeVisible();
  await page.keyboard.press("c");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await page.getByRole("button", { name: "New email" }).click();
  await expect(dialog.getByLabel("From")).toHaveValue(inbox.id);
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(dialog.getByText("Enter the customer's email address", { exact: true })).toBeVisible();
  await expect(dialog.getByText("Write a subject")).toBeVisible();

  // The server's own check: "kim@bakery" is not an address.
  await dialog.getByRole("textbox", { name: "To", exact: true }).fill("kim@bakery");
  await dialog.getByLabel("Name").fill("Kim Lee");
  await dialog.getByLabel("Cc").fill("orders@bakery.test");
  await dialog.getByLabel("Subject").fill("Your bulk flour order");
  await dialog.getByLabel("Message").fill("Hi Kim,\n\nThe 50 kg sacks are back in stock. Shall we send four?");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(dialog.getByText("Enter the customer's email address, like name@example.com")).toBeVisible();
  await dialog.getByRole("textbox", { name: "To", exact: true }).fill("kim@bakery.test");
  await expect(dialog.getByText("Enter the customer's email address, like name@example.com")).toHaveCount(0);
  await shot(page, "email-new");
  await expectMailPageAccessible(page, "the new-email dialog");

  const before = smtp.received.length;
  await dialog.getByLabel("Message").press("Control+Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/conversations\/\d+/);
  await expect(page.locator("[data-message-id]").filter({ hasText: "The 50 kg sacks are back in stock." })).toBeVisible();
  await expect(page.locator("[data-conversation-row]").filter({ hasText: "Kim Lee" })).toBeVisible();
  await smtp.waitFor(before + 1, 20_000);
  const mail = smtp.received.at(-1)!;
  expect(mail.parsed.subject).toBe("Your bulk flour order");
  expect(mail.envelope).toEqual({ from: user.user, to: ["kim@bakery.test", "orders@bakery.test"] });
});

const NEWSLETTER = `<!doctype html><html><head><style>
  .wrap{background:#f4f1ea;padding:24px 0} .card{background:#fff;max-width:600px;margin:0 auto;border-radius:8px;overflow:hidden;font-family:Georgia,serif}
  .hero{background:#2f5d50;color:#fff;padding:32px 28px} .hero h1{margin:0 0 8px;font-size:28px} .item{padding:18px 28px;border-bottom:1px solid #eee}
  .item h2{margin:0 0 6px;font-size:18px;color:#2f5d50} .btn{display:inline-block;background:#c8553d;color:#fff !important;padding:10px 18px;border-radius:4px;text-decoration:none}
  .foot{font-size:12px;color:#888;padding:18px 28px;text-align:center}
</style></head><body><div class="wrap"><div class="card">
  <img src="https://cdn.northwind.test/banner.jpg" width="600" alt="Tea fields at dawn">
  <div class="hero"><h1>Spring harvest is here</h1><p>Three new teas from the first picking of the year, in limited quantities.</p></div>
  <div class="item"><h2>First flush Darjeeling</h2><p>Bright, floral and brisk — picked in March on the Castleton estate.</p><a class="btn" href="https://northwind.test/darjeeling">Shop now</a></div>
  <div class="item"><h2>Shincha green</h2><p>The first Japanese green of the season: grassy, sweet, full of umami.</p><a class="btn" href="https://northwind.test/shincha">Shop now</a></div>
  <div class="item"><h2>Yunnan gold buds</h2><p>Malty and honeyed, with a long finish.</p></div>
  <div class="foot">Northwind Tea · 4 Quay Street, Bristol<br><a href="https://northwind.test/unsubscribe">Unsubscribe</a>
  <img src="https://track.northwind.test/open.gif" width="1" height="1"></div>
</div></div></body></html>`;

/*
 * Issue 12: what agents read first is the new part. An Outlook desktop reply (HTML with the
 * "From: … [mailto:…] Sent:" header block, no wrapper element) and a German Gmail reply ("Am …
 * schrieb …:") show only what the customer wrote, in the list preview and in the thread, with
 * the history folded behind "•••".
 */
const OUTLOOK_HTML = (inbox: string) => `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif}</style></head>
<body lang="EN-GB" link="#0563C1" vlink="#954F72"><div class="WordSection1">
<p class="MsoNormal">Hi Sara,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">The replacement arrived this morning and it works. Please close the ticket.<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Jonas<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b><span lang="EN-US">From:</span></b><span lang="EN-US"> Shop Help [mailto:${inbox}] <br><b>Sent:</b> Monday, 7 December 2026 09:12<br><b>To:</b> Jonas Berg &lt;jonas@customer.test&gt;<br><b>Subject:</b> RE: Broken charger<o:p></o:p></span></p>
</div></div><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">We have sent a replacement charger by courier; it should reach you tomorrow.<o:p></o:p></p>
</div></body></html>`;
const OUTLOOK_TEXT = (inbox: string) =>
  `Hi Sara,\n\nThe replacement arrived this morning and it works. Please close the ticket.\n\nJonas\n\nFrom: Shop Help [mailto:${inbox}]\nSent: Monday, 7 December 2026 09:12\nTo: Jonas Berg <jonas@customer.test>\nSubject: RE: Broken charger\n\nWe have sent a replacement charger by courier; it should reach you tomorrow.\n`;
const GMAIL_DE_HTML = (inbox: string) => `<div dir="ltr">Hallo zusammen,<div><br></div><div>vielen Dank, die Rechnung ist angekommen. Ich überweise den Betrag heute noch.</div><div><br></div><div>Viele Grüße</div><div>Lena</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Am Mo., 7. Dez. 2026 um 10:15 Uhr schrieb Shop Help &lt;<a href="mailto:${inbox}">${inbox}</a>&gt;:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Guten Tag Frau Vogel,<br>anbei die korrigierte Rechnung Nr. 2291.</div></blockquote></div>`;
const GMAIL_DE_TEXT = (inbox: string) =>
  `Hallo zusammen,\n\nvielen Dank, die Rechnung ist angekommen. Ich überweise den Betrag heute noch.\n\nViele Grüße\nLena\n\nAm Mo., 7. Dez. 2026 um 10:15 Uhr schrieb Shop Help <${inbox}>:\n\n> Guten Tag Frau Vogel,\n> anbei die korrigierte Rechnung Nr. 2291.\n`;

test("an Outlook HTML reply and a German Gmail reply show only their new part, in the list and the thread", async ({ page, browser, request }) => {
  const user = users[4]!;
  const inbox = await createEmailInbox(await adminApi(browser, request), "Replies", user);
  await signInAdmin(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inbox.id}`);
  await imap.append(user, buildMail({ from: "Jonas Berg <jonas@customer.test>", to: `Shop Help <${user.user}>`, subject: "RE: Broken charger", html: OUTLOOK_HTML(user.user), text: OUTLOOK_TEXT(user.user) }));
  await imap.append(user, buildMail({ from: "Lena Vogel <lena@kunde.test>", to: `Shop Help <${user.user}>`, subject: "Re: Ihre Rechnung Nr. 2291", html: GMAIL_DE_HTML(user.user), text: GMAIL_DE_TEXT(user.user) }));

  const jonas = page.getByRole("link", { name: /Jonas Berg/ });
  const lena = page.getByRole("link", { name: /Lena Vogel/ });
  await expect(jonas).toContainText("The replacement arrived this morning", { timeout: 20_000 });
  await expect(lena).toContainText("vielen Dank, die Rechnung ist angekommen", { timeout: 20_000 });
  // The previews hold the new part only: nothing of the quoted history, no attribution.
  await expect(jonas).not.toContainText("replacement charger by courier");
  await expect(jonas).not.toContainText("From:");
  await expect(lena).not.toContainText("schrieb");
  await expect(lena).not.toContainText("korrigierte Rechnung");
  await shot(page, "email-list-previews");

  for (const [row, own, quoted] of [
    [jonas, "Please close the ticket.", "replacement charger by courier"],
    [lena, "Ich überweise den Betrag heute noch.", "anbei die korrigierte Rechnung"],
  ] as const) {
    await row.click();
    const frame = page.frameLocator("[data-message-id] iframe").first();
    await expect(frame.getByText(own)).toBeVisible({ timeout: 20_000 });
    // The history is in the mail, folded: hidden until the agent opens "•••".
    await expect(frame.getByText(quoted)).toBeHidden();
    await shot(page, row === jonas ? "email-thread-outlook-reply" : "email-thread-gmail-de-reply");
    await frame.locator("details.kv-quoted > summary").first().click();
    await expect(frame.getByText(quoted)).toBeVisible();
  }
  await expectMailPageAccessible(page, "a thread with quoted HTML mail");
});

test("a forwarded mail shows as a card with its original sender, in text and in HTML", async ({ page, browser, request }) => {
  const user = users[5]!;
  const inbox = await createEmailInbox(await adminApi(browser, request), "Forwards", user);
  await signInAdmin(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${baseUrl()}/conversations?view=all&inbox=${inbox.id}`);
  const original = "Hello,\n\nthe lamp I ordered (order 5120) arrived with a cracked shade.\nCan you send a new one?\n\nPriya";
  await imap.append(
    user,
    buildMail({
      from: "Tom Reyes <tom@customer.test>",
      to: `Shop Help <${user.user}>`,
      subject: "Fwd: Cracked lamp shade",
      text: `Forwarding my wife's mail, she asked me to chase this.\n\n---------- Forwarded message ---------\nFrom: Priya Reyes <priya@customer.test>\nDate: Fri, 4 Dec 2026 at 18:02\nSubject: Cracked lamp shade\nTo: Tom Reyes <tom@customer.test>\n\n${original}\n`,
    }),
  );
  const row = page.getByRole("link", { name: /Tom Reyes/ });
  // The preview is the forwarder's note, not the forwarded headers.
  await expect(row).toContainText("Forwarding my wife's mail", { timeout: 20_000 });
  await row.click();
  const card = page.getByRole("region", { name: "Forwarded message from Priya Reyes" });
  await expect(card).toBeVisible();
  await expect(card).toContainText("priya@customer.test");
  await expect(card).toContainText("arrived with a cracked shade");
  await expect(page.getByText("---------- Forwarded message", { exact: false })).toHaveCount(0);
  await shot(page, "email-thread-forward-text");

  await imap.append(
    user,
    buildMail({
      from: "Ana Lima <ana@customer.test>",
      to: `Shop Help <${user.user}>`,
      subject: "Fwd: Your invoice 7731",
      text: "See below\n\n---------- Forwarded message ---------\nFrom: Billing <billing@vendor.test>\nDate: Mon, 7 Dec 2026\nSubject: Your invoice 7731\n\nInvoice 7731 is due on 14 December.",
      html: `<div dir="ltr">See below, this is the one I meant.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Billing</strong> <span dir="auto">&lt;<a href="mailto:billing@vendor.test">billing@vendor.test</a>&gt;</span><br>Date: Mon, 7 Dec 2026 at 08:00<br>Subject: Your invoice 7731<br>To: &lt;<a href="mailto:ana@customer.test">ana@customer.test</a>&gt;<br></div><br><br><div dir="ltr">Invoice 7731 is due on 14 December.</div></div>`,
    }),
  );
  await page.getByRole("link", { name: /Ana Lima/ }).click();
  const frame = page.frameLocator("[data-message-id] iframe").first();
  // Never folded away: the forwarded mail is the content.
  await expect(frame.getByText("Invoice 7731 is due on 14 December.")).toBeVisible({ timeout: 20_000 });
  await expect(frame.locator(".kv-fwd-head")).toContainText("billing@vendor.test");
  await shot(page, "email-thread-forward-html");
});
