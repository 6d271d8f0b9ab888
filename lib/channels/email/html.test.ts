import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { cleanEmailHtml, htmlNewPart } from "./html";
import { foldQuotedHistory } from "./html-quote";
import { htmlReplyCases } from "./reply-cases/html";
import { sameText } from "./reply-cases/types";

describe("htmlNewPart: the visible new part of each client's HTML reply", () => {
  for (const c of htmlReplyCases) {
    it(`${c.client} (${c.language}): ${c.name}`, () => {
      const got = htmlNewPart(c.mail);
      expect(sameText(got, c.newPart), `got: ${got}`).toBe(true);
      // Nothing is lost: the history is still in the thread, behind "•••" (a mail that is all quote stays open).
      expect(cleanEmailHtml(c.mail).html.includes('<details class="kv-quoted">')).toBe(c.kind !== "all-quote");
    });
  }
});

const docOf = (html: string) => parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;

describe("foldQuotedHistory", () => {
  it("never folds a quote that is, contains or sits inside a forwarded message", () => {
    const reply = '<div>See the mail below.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Jane &lt;jane@example.com&gt; wrote:</div><blockquote class="gmail_quote">Old text</blockquote></div>';
    const marked = (selector: string) => {
      const doc = docOf(reply);
      doc.querySelector(selector)!.setAttribute("data-kv-forwarded", "");
      foldQuotedHistory(doc);
      return doc.body.innerHTML;
    };
    expect(marked("div.gmail_quote")).not.toContain("kv-quoted");
    expect(marked("blockquote")).not.toContain("kv-quoted");
    const outer = docOf(`<div data-kv-forwarded>${reply}</div>`);
    foldQuotedHistory(outer);
    expect(outer.body.innerHTML).not.toContain("kv-quoted");
    // An Outlook header folds to the end: a forwarded message anywhere in that stretch keeps it open.
    const outlook = docOf('<p>FYI</p><div id="divRplyFwdMsg"><b>From:</b> Jo</div><div data-kv-forwarded>Forwarded mail</div>');
    foldQuotedHistory(outlook);
    expect(outlook.body.innerHTML).not.toContain("kv-quoted");
    const plain = docOf(reply);
    foldQuotedHistory(plain);
    expect(plain.body.innerHTML).toContain('<details class="kv-quoted">');
  });

  it("is idempotent: cleaning cleaned HTML folds nothing twice", () => {
    const once = cleanEmailHtml(htmlReplyCases[0].mail).html;
    expect(cleanEmailHtml(once).html).toBe(once);
  });

  it("leaves a plain blockquote without attribution alone (a passage the sender quotes)", () => {
    const html = "<p>As your terms say:</p><blockquote>Refunds within 30 days.</blockquote><p>So please refund me.</p>";
    expect(cleanEmailHtml(html).html).not.toContain("kv-quoted");
  });

  it("keeps the signature visible in the thread, wrapped, and out of the new part", () => {
    const html = '<div>Works now.</div><div class="gmail_signature">Ana Ruiz</div><div class="gmail_quote">On Mon, Bo wrote:<blockquote class="gmail_quote">Try again?</blockquote></div>';
    expect(cleanEmailHtml(html).html).toContain('<div class="kv-signature"><div class="gmail_signature">Ana Ruiz</div></div>');
    expect(htmlNewPart(html)).toBe("Works now.");
  });

  it("reads text the way a reader does: no CSS, blocks on their own lines, &nbsp; as a space", () => {
    expect(htmlNewPart("<style>p{color:red}</style><p>One&nbsp;two</p><div>three<br>four</div>")).toBe("One two\nthree\nfour");
  });
});

describe("header blocks", () => {
  it("does not take a booking's From/To/Date lines for a quoted mail's header", () => {
    const ticket = "<p>Your trip is booked.</p><p>From: Berlin<br>To: Paris<br>Date: 12 May 2025</p><p>Have a good journey.</p>";
    expect(cleanEmailHtml(ticket).html).not.toContain("kv-quoted");
  });

  it("folds an unstyled header block in a language the box rule does not know, from its separator on", () => {
    const mail = "<div>Ok, grazie.</div><div>-----Messaggio originale-----<br>Da: Acme &lt;info@acme.test&gt;<br>Inviato: lunedì 7 aprile 2025 10:00<br>A: Rita<br>Oggetto: Ordine</div><div>Testo vecchio</div>";
    expect(htmlNewPart(mail)).toBe("Ok, grazie.");
    expect(cleanEmailHtml(mail).html).toMatch(/<div>Ok, grazie.<\/div><details class="kv-quoted"><summary[^>]*>•••<\/summary><div>-----Messaggio originale-----/);
  });
});

describe("plain-text quoting inside HTML", () => {
  it("folds each run of > lines with its attribution, and keeps the answers between them", () => {
    const mail = "<div>On Tue, 22 Apr 2025, Acme &lt;help@acme.test&gt; wrote:<br>&gt; Is the serial number on the box?<br>&gt; Or on the back?</div><div>On the back, it is AB-1209.</div><div>&gt; Thanks, we will check.</div>";
    expect(htmlNewPart(mail)).toBe("On the back, it is AB-1209.");
    expect(cleanEmailHtml(mail).html.match(/<details class="kv-quoted">/g)).toHaveLength(2);
  });

  it("leaves a single > used as an arrow in a sentence alone", () => {
    expect(cleanEmailHtml("<p>Go to Settings</p><p>> Billing > Invoices</p><p>and it is there.</p>").html).not.toContain("kv-quoted");
  });
});

describe("quotes with little or no markup", () => {
  it("folds a plain blockquote that opens with its own attribution", () => {
    const mail = "Sounds good<blockquote><div>On 2 May 2025, at 6:54 PM, Ravi &lt;ravi@example.com&gt; wrote:</div><div>Shall we meet at noon?</div></blockquote>";
    expect(htmlNewPart(mail)).toBe("Sounds good");
  });

  it("folds from an attribution line to the end when the quote has no wrapper", () => {
    const mail = "<div>Noted.</div><div>On 2 May 2025, at 6:54 PM, Ravi &lt;ravi@example.com&gt; wrote:</div><div>Old question</div>";
    expect(htmlNewPart(mail)).toBe("Noted.");
  });

  it("keeps a sentence that merely quotes someone's words", () => {
    const mail = "<div>Your colleague wrote:</div><div>we will refund you. When?</div>";
    expect(cleanEmailHtml(mail).html).not.toContain("kv-quoted");
  });

  it("folds a header squeezed onto one line of bold runs", () => {
    const mail = "Reply<div><hr><div><font><b>From: bob@example.com</b> <b>Date: Thu, 24 Apr 2025 08:07:12 -0700</b></font></div><div>Quoted message</div></div>";
    expect(htmlNewPart(mail)).toBe("Reply");
  });
});
