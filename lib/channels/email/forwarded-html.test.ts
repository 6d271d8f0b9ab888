import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { FORWARD_CSS, markForwarded } from "./forwarded-html";

const docOf = (body: string) => parseHTML(`<!doctype html><html><head></head><body>${body}</body></html>`).document;

/** The card's text, line by line, and the document after marking. */
function run(body: string, subject: string | null = null) {
  const doc = docOf(body);
  const found = markForwarded(doc, subject);
  const head = doc.querySelector(".kv-fwd-head");
  const card = (cls: string) => head?.querySelector(`.${cls}`)?.textContent ?? null;
  return {
    found,
    doc,
    html: doc.body.innerHTML,
    text: doc.body.textContent ?? "",
    from: card("kv-fwd-from"),
    date: card("kv-fwd-date"),
    subject: card("kv-fwd-subject"),
    container: doc.querySelector("[data-kv-forwarded]"),
  };
}

const GMAIL = `<div dir="ltr">Could billing look at this?<br><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Maya Lindqvist</strong> <span dir="auto">&lt;<a href="mailto:maya@example.com">maya@example.com</a>&gt;</span><br>Date: Tue, 4 Jun 2024 at 09:12<br>Subject: Invoice 2231 is wrong<br>To: &lt;<a href="mailto:tom@acme.test">tom@acme.test</a>&gt;<br></div><br><br><div dir="ltr">Hi Tom, the invoice counts three seats.</div></div></div>`;

describe("markForwarded", () => {
  it("Gmail: marks the quote and puts a card in place of the header lines", () => {
    const r = run(GMAIL, "Fwd: Invoice 2231 is wrong");
    expect(r.found).toBe(true);
    expect(r.container?.getAttribute("class")).toContain("gmail_quote");
    expect(r.from).toBe("Maya Lindqvist <maya@example.com>");
    expect(r.date).toBe("Tue, 4 Jun 2024 at 09:12");
    expect(r.subject).toBe("Invoice 2231 is wrong");
    expect(r.text).not.toContain("---------- Forwarded message");
    expect(r.text).not.toContain("Date: Tue");
    // The note stays outside the card, the body inside it.
    expect(r.container?.textContent).not.toContain("Could billing");
    expect(r.container?.textContent).toContain("Hi Tom, the invoice counts three seats.");
  });

  it("Gmail in German: the localised separator and keys", () => {
    const r = run(
      `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Weitergeleitete Nachricht ---------<br>Von: <strong class="gmail_sendername">Jonas Krüger</strong> <span>&lt;<a href="mailto:jonas@example.com">jonas@example.com</a>&gt;</span><br>Date: Do., 6. Juni 2024 um 08:15 Uhr<br>Subject: Lieferung fehlt<br>To: &lt;service@acme.test&gt;<br></div><br><div>Meine Bestellung fehlt.</div></div>`,
      "WG: Lieferung fehlt",
    );
    expect(r.from).toBe("Jonas Krüger <jonas@example.com>");
    expect(r.subject).toBe("Lieferung fehlt");
    expect(r.container).not.toBeNull();
  });

  it("Apple Mail: the cite blockquote that starts with Begin forwarded message", () => {
    const r = run(
      `<div>FYI<br><div><br><blockquote type="cite"><div>Begin forwarded message:</div><br class="Apple-interchange-newline"><div style="margin:0"><span><b>From: </b></span><span>Noah Williams &lt;<a href="mailto:noah@example.com">noah@example.com</a>&gt;<br></span></div><div style="margin:0"><span><b>Subject: </b></span><span><b>App crashes on start</b><br></span></div><div style="margin:0"><span><b>Date: </b></span><span>22 June 2024 at 19:04:11 CEST<br></span></div><div style="margin:0"><span><b>To: </b></span><span>help@acme.test<br></span></div><br><div>Since the update the app closes right away.</div></blockquote></div></div>`,
    );
    expect(r.container?.tagName).toBe("BLOCKQUOTE");
    expect(r.from).toBe("Noah Williams <noah@example.com>");
    expect(r.subject).toBe("App crashes on start");
    expect(r.date).toBe("22 June 2024 at 19:04:11 CEST");
    expect(r.text).not.toContain("Begin forwarded message");
    expect(r.container?.textContent).toContain("Since the update");
  });

  it("Apple Mail in French", () => {
    const r = run(
      `<blockquote type="cite"><div>Début du message réexpédié :</div><br><div><b>De: </b>Emma Laurent &lt;emma@example.com&gt;</div><div><b>Objet: </b>Colis perdu</div><div><b>Date: </b>26 juin 2024 à 12:15:40 UTC+2</div><div><b>À: </b>support@acme.test</div><br><div>Mon colis est perdu.</div></blockquote>`,
    );
    expect(r.from).toBe("Emma Laurent <emma@example.com>");
    expect(r.subject).toBe("Colis perdu");
  });

  it("Thunderbird: the forward container and its headers table", () => {
    const r = run(
      `<p>Please resend her key.</p><div class="moz-forward-container"><br><br>-------- Forwarded Message --------<table class="moz-email-headers-table" cellpadding="0" cellspacing="0" border="0"><tbody><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Subject: </th><td>Licence key</td></tr><tr><th>Date: </th><td>Thu, 27 Jun 2024 10:44:01 +0200</td></tr><tr><th>From: </th><td>Grace Obi <a class="moz-txt-link-rfc2396E" href="mailto:grace@example.com">&lt;grace@example.com&gt;</a></td></tr><tr><th>To: </th><td>licences@acme.test</td></tr></tbody></table><br><br><p>I lost my licence key.</p></div>`,
    );
    expect(r.container?.getAttribute("class")).toContain("moz-forward-container");
    expect(r.from).toBe("Grace Obi <grace@example.com>");
    expect(r.subject).toBe("Licence key");
    expect(r.doc.querySelector("table.moz-email-headers-table")).toBeNull();
    expect(r.container?.textContent).toContain("I lost my licence key.");
  });

  it("Yahoo: the quoted block with its separator div", () => {
    const r = run(
      `<div>Can you help my mother?</div><div class="yahoo_quoted"><div style="font-size:13px"><div>----- Forwarded Message -----</div><div><b>From:</b> Helen Park &lt;helen@example.com&gt;</div><div><b>To:</b> Kim Park &lt;kim@example.com&gt;</div><div><b>Sent:</b> Saturday, June 29, 2024, 06:12:45 PM GMT+1</div><div><b>Subject:</b> Wrong size delivered</div></div><div><br></div><div>I ordered a medium.</div></div>`,
    );
    expect(r.container?.getAttribute("class")).toContain("yahoo_quoted");
    expect(r.from).toBe("Helen Park <helen@example.com>");
    expect(r.date).toBe("Saturday, June 29, 2024, 06:12:45 PM GMT+1");
    expect(r.subject).toBe("Wrong size delivered");
  });

  it("Outlook 365: #divRplyFwdMsg under a forward subject, wrapped to the end", () => {
    const body = `<div>See below.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri" style="font-size:11pt"><b>From:</b> Aisha Khan &lt;aisha@example.com&gt;<br><b>Sent:</b> Tuesday, June 18, 2024 3:22 PM<br><b>To:</b> support@acme.test &lt;support@acme.test&gt;<br><b>Subject:</b> Damaged parcel</font><div>&nbsp;</div></div><div>The box arrived crushed.</div>`;
    const r = run(body, "FW: Damaged parcel");
    expect(r.found).toBe(true);
    expect(r.from).toBe("Aisha Khan <aisha@example.com>");
    expect(r.date).toBe("Tuesday, June 18, 2024 3:22 PM");
    expect(r.doc.querySelector("#divRplyFwdMsg")).toBeNull();
    expect(r.doc.querySelector("hr, #appendonsend")).toBeNull();
    expect(r.container?.textContent).toContain("The box arrived crushed.");
    expect(r.container?.textContent).not.toContain("See below.");
  });

  it("Outlook desktop in French: the bordered header div under a TR subject", () => {
    const r = run(
      `<div class="WordSection1"><p class="MsoNormal">Pour info.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>De&nbsp;:</b> Julien Martin &lt;julien@example.com&gt;<br><b>Envoyé&nbsp;:</b> jeudi 20 juin 2024 17:48<br><b>À&nbsp;:</b> Support &lt;support@acme.test&gt;<br><b>Objet&nbsp;:</b> Résiliation</p></div><p class="MsoNormal">Je souhaite résilier.</p></div>`,
      "TR: Résiliation",
    );
    expect(r.from).toBe("Julien Martin <julien@example.com>");
    expect(r.subject).toBe("Résiliation");
    expect(r.container?.textContent).toContain("Je souhaite résilier.");
  });

  it("Outlook desktop: -----Original Message----- paragraphs under an FW subject", () => {
    const r = run(
      `<p>Forwarding for the account team.</p><p>-----Original Message-----<br>From: Peter Hall [mailto:peter@example.com]<br>Sent: Monday, June 17, 2024 8:05 AM<br>To: Sales<br>Subject: Contract renewal</p><p>Can we renew?</p>`,
      "FW: Contract renewal",
    );
    expect(r.from).toBe("Peter Hall <peter@example.com>");
    expect(r.text).not.toContain("Original Message");
    expect(r.container?.textContent).toContain("Can we renew?");
  });

  it("leaves an Outlook reply alone: the same header block under an RE subject", () => {
    const body = `<div>Two years is fine.</div><hr><div id="divRplyFwdMsg"><b>From:</b> Sales &lt;sales@acme.test&gt;<br><b>Sent:</b> Monday, June 17, 2024 9:00 AM<br><b>Subject:</b> RE: Contract renewal</div><div>One or two years?</div>`;
    const r = run(body, "RE: Contract renewal");
    expect(r.found).toBe(false);
    expect(r.html).toBe(docOf(body).body.innerHTML);
  });

  it("leaves a Gmail reply alone, even when its history quotes a forward", () => {
    const body = `<div>Done, thanks.</div><div class="gmail_quote"><div class="gmail_attr">On Fri, 5 Jul 2024 at 11:00, Tom Berger &lt;tom@acme.test&gt; wrote:<br></div><blockquote class="gmail_quote"><div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: Maya &lt;maya@example.com&gt;<br>Date: Tue, 4 Jun 2024<br>Subject: Invoice<br></div><div>Hi</div></div></blockquote></div>`;
    const r = run(body, "Re: Fwd: Invoice");
    expect(r.found).toBe(false);
    expect(r.container).toBeNull();
  });

  it("leaves a mail without a forward alone", () => {
    const r = run(`<p>Hello, where is my parcel?</p><p>From: me</p>`, "Fwd: Parcel");
    expect(r.found).toBe(false);
  });

  it("keeps the mail's words as text: a sender name with markup never becomes markup", () => {
    const r = run(
      `<div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: &lt;img src=x onerror=alert(1)&gt; &lt;evil@example.com&gt;<br>Date: today<br>Subject: &lt;script&gt;alert(1)&lt;/script&gt;<br></div><div>Body</div></div>`,
    );
    const head = r.doc.querySelector(".kv-fwd-head")!;
    expect(head.querySelector("img, script")).toBeNull();
    expect(head.innerHTML).toContain("&lt;script&gt;");
    expect(r.html).not.toMatch(/<img|<script/i);
    expect(r.subject).toBe("<script>alert(1)</script>");
  });

  it("a sender without a name shows the address alone", () => {
    const r = run(`<div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: &lt;nobody@example.com&gt;<br>Date: Thu, 4 Jul 2024<br>Subject: question<br></div><div>Do you ship to Norway?</div></div>`);
    expect(r.from).toBe("nobody@example.com");
  });

  it("ships its own frame CSS for the card", () => {
    expect(FORWARD_CSS).toContain("[data-kv-forwarded]");
    expect(FORWARD_CSS).toContain(".kv-fwd-head");
  });
});
