import { describe, expect, it } from "vitest";
import { cleanEmailHtml } from "./html";
import { replySubject } from "./send";
import { newText, splitQuoted } from "./quoted-text";
import { signatureHtml, signatureText } from "./footer";

describe("splitQuoted", () => {
  it("folds a Gmail-style attribution and everything after it", () => {
    const text = "Thanks, that worked.\n\nOn Mon, 3 Jun 2024 at 10:00, Acme Support <support@acme.test> wrote:\n> Try restarting it.\n> \n> Acme";
    expect(splitQuoted(text)).toEqual({ body: "Thanks, that worked.", quoted: expect.stringMatching(/^On Mon.*\n> Try restarting it\./) });
  });

  it("handles wrapped attributions, Outlook headers and trailing > blocks", () => {
    expect(splitQuoted("Yes.\n\nOn Tue, 4 Jun 2024, Jane Doe <jane@example.com>\nwrote:\n> ok").body).toBe("Yes.");
    const outlook = "See below.\n\n________________________________\nFrom: Acme <support@acme.test>\nSent: Monday, June 3, 2024 10:00\nTo: Jane\nSubject: Re: Order\n\nold";
    expect(splitQuoted(outlook)).toMatchObject({ body: "See below.", quoted: expect.stringContaining("From: Acme") });
    expect(splitQuoted("Agreed\n> earlier text\n> more").body).toBe("Agreed");
    // The rule Outlook's HTML draws above its header block stays with the folded history.
    expect(splitQuoted(outlook.replace("_".repeat(32), "-".repeat(80))).body).toBe("See below.");
  });

  it("leaves mail without history, or that is all history, whole", () => {
    expect(splitQuoted("Just a question\nwith two lines")).toEqual({ body: "Just a question\nwith two lines", quoted: null });
    expect(splitQuoted("> only a quote\n> here").quoted).toBeNull();
    // "> " inside the text followed by the sender's own words is not a trailing quote.
    expect(splitQuoted("> a quote\nmy answer\n> another").quoted).toBe("> another");
    // A bottom-posted answer is no history: nothing trails it to fold.
    expect(splitQuoted("On Mon, 3 Jun 2024, Acme <support@acme.test> wrote:\n> Which one?\n\nThe red one.").quoted).toBeNull();
  });
});

describe("newText (list previews)", () => {
  it("keeps only the sender's own words wherever the quotes are", () => {
    expect(newText("Thanks!\n\nOn Mon, 3 Jun 2024, Acme wrote:\n> Try restarting it.")).toBe("Thanks!");
    // Bottom posting, with a wrapped attribution above the quote.
    expect(newText("On Mon, 3 Jun 2024, Acme Support <support@acme.test>\nwrote:\n> Can you send a photo?\n\nHere it is.")).toBe("Here it is.");
    expect(newText("Le lun. 3 juin 2024, Acme a écrit :\n> Une photo ?\nLa voici.")).toBe("La voici.");
    // Inline answers.
    expect(newText("> Which model?\nThe X200.\n> Since when?\nMonday.")).toBe("The X200.\nMonday.");
    // Outlook's HTML rule above its header block, as mailparser turns it into text.
    expect(newText(`OK thanks\n\n${"-".repeat(80)}\n\nFrom: Acme <support@acme.test>\nSent: Monday, June 3, 2024 10:00\nTo: Jane\nSubject: Re: Order\n\nold`)).toBe("OK thanks");
    // Other languages, and the signature stays out of the preview.
    expect(newText("Danke!\n\nVon meinem iPhone gesendet\n\nAcme <support@acme.test> schrieb am Mo., 3. Juni 2024, 10:00:\n> Hilft das?")).toBe("Danke!");
  });

  it("never empties a mail that has text", () => {
    expect(newText("> only a quote\n> here")).toBe("> only a quote\n> here");
    expect(newText("Plain\r\nmail")).toBe("Plain\nmail");
    expect(newText("")).toBe("");
  });
});

describe("cleanEmailHtml", () => {
  it("folds Apple Mail and Thunderbird quotes, and Outlook's header up to the end", () => {
    const apple = cleanEmailHtml('<div>Sure!</div><div><br><blockquote type="cite">On Jun 3, Jane wrote:<div>Can you?</div></blockquote></div>');
    expect(apple.html).toMatch(/<div>Sure!<\/div><div><br><details class="kv-quoted">.*<blockquote type="cite">/);
    const tb = cleanEmailHtml('<p>Yes</p><div class="moz-cite-prefix">On 3/6, Jane wrote:<br></div><blockquote type="cite">Hi</blockquote>');
    expect(tb.html).toMatch(/<p>Yes<\/p><details class="kv-quoted"><summary[^>]*>•••<\/summary><div class="moz-cite-prefix">.*<\/div><blockquote type="cite">Hi<\/blockquote><\/details>$/);
    const outlook = cleanEmailHtml('<div><p>Fine by me</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Jane</div><div>Old text</div></div>');
    expect(outlook.html).toMatch(/<p>Fine by me<\/p><details class="kv-quoted">.*id="appendonsend".*<hr>.*Old text<\/div><\/details><\/div>$/);
  });

  it("keeps a newsletter's <style> blocks from its <head>, but not its title", () => {
    const r = cleanEmailHtml("<html><head><title>Spring news</title><style>.hero{color:green}</style></head><body><div class=\"hero\">Hi</div></body></html>");
    expect(r.html).toBe('<style>.hero{color:green}</style><div class="hero">Hi</div>');
  });

  it("does not fold a mail that is nothing but a quote (a forward)", () => {
    expect(cleanEmailHtml('<div class="gmail_quote">---------- Forwarded message ---------<br>Hi</div>').html).not.toContain("<details");
  });

  it("lets no mail mark itself forwarded to escape the fold, nor keep handlers on the fold's own tags", () => {
    const r = cleanEmailHtml('<p>Hi</p><div data-kv-forwarded="1" class="gmail_quote">On Mon, Jo wrote:<blockquote>Old</blockquote></div><details open ontoggle="alert(1)"><summary onclick="alert(2)">x</summary></details>');
    expect(r.html).not.toMatch(/data-kv-forwarded|ontoggle|onclick|alert\(/);
    expect(r.html).toContain('<details class="kv-quoted">');
  });

  it("drops unknown cid images and counts remote backgrounds and CSS urls", () => {
    const r = cleanEmailHtml('<p>x</p><img src="cid:nope"><table background="https://t.example/bg.png"><tr><td style="background:url(https://t.example/a.png)">y</td></tr></table><style>.a{background:url("//t.example/b.png")}</style>');
    expect(r.html).toContain("<p>x</p><img>");
    expect(r.remoteImages).toBe(3);
  });
});

describe("signatures and subjects", () => {
  it("formats the signature's bold, italic and links, and strips them for the text part", () => {
    const sig = "**Acme** Support · *we reply within a day*\nhttps://acme.example/help · help@acme.example <3";
    expect(signatureHtml(sig)).toBe(
      '<strong>Acme</strong> Support · <em>we reply within a day</em><br><a href="https://acme.example/help">https://acme.example/help</a> · <a href="mailto:help@acme.example">help@acme.example</a> &lt;3',
    );
    expect(signatureText(sig)).toBe("Acme Support · we reply within a day\nhttps://acme.example/help · help@acme.example <3");
    expect(signatureHtml('<script>alert(1)</script>"')).toBe("&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
  });

  it("prefixes Re: once", () => {
    expect(replySubject("Order #12")).toBe("Re: Order #12");
    expect(replySubject("RE: Order #12")).toBe("RE: Order #12");
    expect(replySubject("AW: Bestellung")).toBe("AW: Bestellung");
    expect(replySubject(null)).toBe("Re: your message");
  });
});
