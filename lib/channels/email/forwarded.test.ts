import { describe, expect, it } from "vitest";
import { FORWARD_CASES } from "./forwarded.cases";
import { forwardPreview, parseSender, readForward } from "./forwarded";

const flat = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

describe("readForward on our own cases", () => {
  for (const c of FORWARD_CASES) {
    it(`${c.client} (${c.language}): ${c.name}`, () => {
      const r = readForward(c.text, c.subject);
      if (!c.expect) {
        expect(r).toBeNull();
        return;
      }
      expect(r).not.toBeNull();
      expect(r!.note).toBe(c.expect.note);
      expect(r!.original.from).toEqual(c.expect.from);
      expect(r!.original.date).toBe(c.expect.date);
      expect(r!.original.subject).toBe(c.expect.subject);
      expect(flat(r!.original.body).startsWith(flat(c.expect.bodyStarts))).toBe(true);
    });
  }

  it("covers at least 15 forwards over 8 clients and 8 languages, and several replies", () => {
    const forwards = FORWARD_CASES.filter((c) => c.expect);
    expect(forwards.length).toBeGreaterThanOrEqual(15);
    expect(new Set(forwards.map((c) => c.client)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(forwards.map((c) => c.language)).size).toBeGreaterThanOrEqual(8);
    expect(FORWARD_CASES.filter((c) => !c.expect).length).toBeGreaterThanOrEqual(5);
  });
});

describe("readForward details", () => {
  it("keeps the original's own quote marks, so its history still folds", () => {
    const r = readForward(FORWARD_CASES.find((c) => c.name.startsWith("Gmail, English, no note"))!.text, "Fwd: Re: Export fails");
    expect(r!.original.body).toContain("> Could you try again?");
  });

  it("takes one level of Apple Mail's quoting off, not the original's deeper quotes", () => {
    const text = `Begin forwarded message:

> From: Iris Sato <iris@example.com>
> Subject: Re: Order
> Date: 2 July 2024 at 10:00:00 CEST
> To: shop@acme.test
>
> Where is it?
>
>> On 1 Jul 2024, Shop wrote:
>> It ships today.`;
    const r = readForward(text, "Fwd: Re: Order");
    expect(r!.original.body).toBe("Where is it?\n\n> On 1 Jul 2024, Shop wrote:\n> It ships today.");
  });

  it("gives the recipients as written", () => {
    const r = readForward(FORWARD_CASES[0]!.text, FORWARD_CASES[0]!.subject);
    expect(r!.original.to).toBe("Tom Berger <tom@acme.test>");
  });

  it("reads a forward separator even when the subject was rewritten", () => {
    const r = readForward(FORWARD_CASES[0]!.text, "Billing question");
    expect(r!.original.from?.address).toBe("maya@example.com");
  });

  it("does not card a reply that quotes a forward further down", () => {
    const text = `Done, thanks.

On Fri, 5 Jul 2024 at 11:00, Tom Berger <tom@acme.test> wrote:
> ---------- Forwarded message ---------
> From: Maya Lindqvist <maya@example.com>
> Date: Tue, 4 Jun 2024 at 09:12
> Subject: Invoice
>
> Hi`;
    expect(readForward(text, "Re: Fwd: Invoice")).toBeNull();
  });

  it("does not card an Outlook reply whose history holds an older forward", () => {
    const text = `Looks good.

From: Tom Berger <tom@acme.test>
Sent: Friday, July 5, 2024 11:00 AM
To: Billing <billing@acme.test>
Subject: RE: Invoice

---------- Forwarded message ---------
From: Maya Lindqvist <maya@example.com>
Date: Tue, 4 Jun 2024 at 09:12
Subject: Invoice

Hi`;
    expect(readForward(text, "RE: Invoice")).toBeNull();
  });

  it("is null for a mail without any forward", () => {
    expect(readForward("Hello, where is my parcel?", "Parcel")).toBeNull();
    expect(readForward("", null)).toBeNull();
  });

  it("falls back to email-forward-parser for a locale our rules do not know (Czech Gmail)", () => {
    const text = `---------- Přeposlaná zpráva ---------
Od: Jana Nováková <jana.novakova@example.com>
Date: st 3. 7. 2024 v 10:00
Subject: Reklamace
To: <podpora@acme.test>


Dobrý den, chci reklamovat zboží.`;
    const r = readForward(text, "Fwd: Reklamace");
    expect(r?.original.from).toEqual({ name: "Jana Nováková", address: "jana.novakova@example.com" });
    expect(r?.original.body).toBe("Dobrý den, chci reklamovat zboží.");
    expect(r?.note).toBe("");
  });
});

describe("parseSender", () => {
  it.each([
    ["Jane Doe <jane@example.com>", { name: "Jane Doe", address: "jane@example.com" }],
    ['"Doe, Jane" <jane@example.com>', { name: "Doe, Jane", address: "jane@example.com" }],
    ["Jane Doe [mailto:jane@example.com]", { name: "Jane Doe", address: "jane@example.com" }],
    ["<jane@example.com>", { address: "jane@example.com" }],
    ["jane@example.com", { address: "jane@example.com" }],
    ["jane@example.com <jane@example.com>", { address: "jane@example.com" }],
    ["Jane Doe", null],
  ])("%s", (value, expected) => {
    expect(parseSender(value)).toEqual(expected);
  });
});

describe("forwardPreview", () => {
  it("is the note when the forwarder wrote one", () => {
    expect(forwardPreview(FORWARD_CASES[0]!.text, FORWARD_CASES[0]!.subject)).toBe("Can someone on billing look at this? She wrote to me directly.");
  });

  it("names the original sender and its first words when there is no note", () => {
    const c = FORWARD_CASES.find((x) => x.name === "Gmail, German")!;
    const text = c.text.replace("Bitte übernehmen.\n\n", "");
    expect(forwardPreview(text, c.subject)).toBe("Fwd: Jonas Krüger: Guten Tag, meine Bestellung ist nicht angekommen.");
  });

  it("uses the address when the sender has no name, and cuts a long body at a word", () => {
    const c = FORWARD_CASES.find((x) => x.name === "Gmail, sender without a name")!;
    const long = c.text.replace("Do you ship to Norway?", "word ".repeat(60));
    const p = forwardPreview(long, c.subject)!;
    expect(p.startsWith("Fwd: nobody.named@example.com: word word")).toBe(true);
    expect(p.endsWith("word…")).toBe(true);
    expect(p.length).toBeLessThan(170);
  });

  it("is null for a reply", () => {
    const reply = FORWARD_CASES.find((x) => x.name === "Gmail reply with quote")!;
    expect(forwardPreview(reply.text, reply.subject)).toBeNull();
  });
});
