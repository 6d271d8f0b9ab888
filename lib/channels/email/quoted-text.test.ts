import { describe, expect, it } from "vitest";
import { newText, splitQuoted, threadParts } from "./quoted-text";
import { textCases } from "./reply-cases/text";
import { sameText } from "./reply-cases/types";
import { withoutSignature } from "./signature";

describe("the new part of every plain-text reply case", () => {
  it("has enough cases over the languages, clients and kinds of issue 12", () => {
    expect(textCases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(textCases.map((c) => c.language.split("-")[0])).size).toBeGreaterThanOrEqual(10);
    expect(new Set(textCases.map((c) => c.client)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(textCases.map((c) => c.name)).size).toBe(textCases.length);
    const kinds = new Set(textCases.map((c) => c.kind));
    for (const kind of ["attribution-language", "attribution-date-first", "attribution-wrapped", "outlook-header", "outlook-header-bold", "separator", "zoho", "android", "bottom-post", "inline", "signature"]) expect(kinds).toContain(kind);
  });

  const flat = (s: string) => s.replace(/\s+/g, " ").trim();
  for (const c of textCases) {
    it(c.name, () => {
      const got = newText(c.mail);
      expect(sameText(got, c.newPart), `got ${JSON.stringify(got)}`).toBe(true);
      // The thread shows every line of the new part outside the folded quotes.
      const shown = flat(threadParts(c.mail).filter((p) => p.kind === "text").map((p) => p.text).join("\n"));
      for (const line of c.newPart.split("\n").filter((l) => l.trim())) expect(shown).toContain(flat(line));
    });
  }
});

describe("threadParts", () => {
  it("keeps a bottom-posted answer visible after its quote", () => {
    expect(threadParts("On Mon, 3 Jun 2024 at 10:02, Acme <support@acme.test> wrote:\n> Which browser?\n\nFirefox.")).toEqual([
      { kind: "quote", text: "On Mon, 3 Jun 2024 at 10:02, Acme <support@acme.test> wrote:\n> Which browser?" },
      { kind: "text", text: "Firefox." },
    ]);
  });

  it("alternates inline answers and the quotes they answer", () => {
    expect(threadParts("> Model?\nX200\n\n> Since when?\nMonday").map((p) => p.kind)).toEqual(["quote", "text", "quote", "text"]);
  });

  it("folds unquoted history from a header block or separator to the end, with the rule above it", () => {
    const outlook = "Fine.\n\n________________________________\nVon: Acme <support@acme.test>\nGesendet: Montag, 3. Juni 2024 10:02\nAn: Jonas\nBetreff: Test\n\nAlt.\n> not an answer";
    expect(threadParts(outlook)).toEqual([
      { kind: "text", text: "Fine." },
      { kind: "quote", text: outlook.slice("Fine.\n\n".length) },
    ]);
    expect(threadParts("Yes.\n\n-----Mensaje original-----\nDe: Acme\nold").at(-1)).toEqual({ kind: "quote", text: "-----Mensaje original-----\nDe: Acme\nold" });
  });

  it("keeps the signature in the thread", () => {
    expect(threadParts("Done.\n\nThanks,\nPriya\n\nSent from my iPhone")[0]!.text).toBe("Done.\n\nThanks,\nPriya\n\nSent from my iPhone");
  });

  it("shows a mail that is all quote, or empty, as it is", () => {
    expect(threadParts("> only\n> quoted")).toEqual([{ kind: "text", text: "> only\n> quoted" }]);
    expect(threadParts("")).toEqual([]);
  });

  it("does not take sentences for attributions", () => {
    // "wrote:" without a date or address, and not followed by a quote, is the sender's own text.
    expect(threadParts("My colleague wrote:\n\nthe printer is broken.")).toHaveLength(1);
    // The sentence above a wrapped attribution is never joined onto it.
    expect(newText("I have 2 more questions.\nOn Mon, 3 Jun 2024, Acme Support\n<support@acme.test> wrote:\n> ok")).toBe("I have 2 more questions.");
    // A dated sentence that ends in "wrote:" is not sure enough to fold what follows.
    expect(newText("On 3 June I wrote:\n\nthe invoice is wrong.")).toBe("On 3 June I wrote:\n\nthe invoice is wrong.");
    // A header name in a sentence is no header block.
    expect(threadParts("To: whom it may concern\nFrom: my side, all is fine.")).toHaveLength(1);
  });

  it("joins attributions wrapped over up to three lines, also inside the address", () => {
    for (const attribution of [
      "On Mon, Jun 3, 2024 at 10:02 AM Acme Support <\nsupport@acme.test> wrote:",
      "On Mon, Jun 3, 2024 at 10:02 AM Acme Support Team\n<support@acme.test>\nwrote:",
      "Am 03.06.2024 um 10:02 schrieb \"Acme\" <support@acme.test\n>:",
    ]) expect(newText(`Yes.\n\n${attribution}\n\n> old`)).toBe("Yes.");
  });

  it("knows dashed attributions and separators in several languages", () => {
    for (const line of ["---- On Mon, 03 Jun 2024 10:02:00 +0200 Acme wrote ----", "---- Acme schrieb ----", "-------- Message d'origine --------", "-----Ursprüngliche Nachricht-----", "------------------ 原始邮件 ------------------", "Begin forwarded message:"])
      expect(newText(`Yes.\n\n${line}\n\nold text`)).toBe("Yes.");
  });
});

describe("splitQuoted", () => {
  it("cuts before the trailing quote and keeps earlier answers in the body", () => {
    expect(splitQuoted("> Model?\nX200\n\nOn Mon, 3 Jun 2024, Acme <support@acme.test> wrote:\n> old")).toEqual({
      body: "> Model?\n\nX200",
      quoted: "On Mon, 3 Jun 2024, Acme <support@acme.test> wrote:\n> old",
    });
    expect(splitQuoted("Just text")).toEqual({ body: "Just text", quoted: null });
  });
});

describe("signatures (previews only)", () => {
  it("folds the -- delimiter, app lines in several languages and a closing with a name", () => {
    expect(withoutSignature("Done.\n-- \nPriya Shah\nExample Ltd")).toBe("Done.");
    for (const app of ["Sent from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone", "Enviado desde mi iPhone", "Get Outlook for iOS", "Sent from Yahoo Mail on Android", "Inviato da iPhone", "Verstuurd vanaf mijn iPhone", "Отправлено с iPhone", "iPhoneから送信", "Sent from my phone, please excuse typos."])
      expect(withoutSignature(`Done.\n\n${app}`), app).toBe("Done.");
    expect(withoutSignature("Done.\n\nThanks,\nPriya")).toBe("Done.");
    expect(withoutSignature("Erledigt.\n\nViele Grüße\nLara Schmidt")).toBe("Erledigt.");
    expect(withoutSignature("Fait.\n\nCordialement,")).toBe("Fait.");
    expect(withoutSignature("Fixed.\n\n____________\nusers mailing list\nusers@lists.example.com")).toBe("Fixed.");
  });

  it("never eats the sender's words", () => {
    // A closing that is the whole mail, a thanks that starts a sentence, a closing without a name.
    expect(withoutSignature("Thanks,\nPriya")).toBe("Thanks,\nPriya");
    expect(withoutSignature("Hi,\nThanks,\nthat fixed the login page.")).toBe("Hi,\nThanks,\nthat fixed the login page.");
    expect(withoutSignature("It works.\n\nThanks!")).toBe("It works.\n\nThanks!");
    expect(withoutSignature("It was sent from my office, not from home.")).toBe("It was sent from my office, not from home.");
    expect(withoutSignature("Done.\n\nSent from my desk, which is easier than my phone.")).toBe("Done.\n\nSent from my desk, which is easier than my phone.");
    // Lines after a closing that read as sentences are no signature.
    expect(withoutSignature("Done.\n\nThanks,\nI will call you tomorrow.")).toBe("Done.\n\nThanks,\nI will call you tomorrow.");
  });

  it("keeps the signature when it is all the mail says", () => {
    expect(newText("Sent from my iPhone")).toBe("Sent from my iPhone");
    expect(newText("-- \nPriya\n\n> old")).toBe("-- \nPriya");
  });
});
