import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ForwardedCard } from "./forwarded-card";
import type { ForwardedView } from "./types";

const render = (forwarded: ForwardedView, body = "the body") => renderToStaticMarkup(createElement(ForwardedCard, { forwarded }, createElement("p", null, body)));

describe("ForwardedCard", () => {
  it("shows the note first, then the card headed by the original sender, date and subject, then the body", () => {
    const html = render({ note: "Please look at this.", from: { name: "Maya Lindqvist", address: "maya@example.com" }, date: "Tue, 4 Jun 2024 at 09:12", subject: "Invoice 2231", body: "Hi" });
    const order = ["Please look at this.", "Forwarded message", "Maya Lindqvist", "&lt;maya@example.com&gt;", "Tue, 4 Jun 2024 at 09:12", "Invoice 2231", "<p>the body</p>"].map((s) => html.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('aria-label="Forwarded message from Maya Lindqvist"');
  });

  it("leaves out what the forward does not have", () => {
    const html = render({ note: "", from: { address: "nobody@example.com" }, date: null, subject: null, body: "Hi" });
    expect(html).toContain("nobody@example.com");
    expect(html).not.toContain("&lt;nobody@example.com&gt;");
    expect(html).not.toContain("whitespace-pre-wrap");
  });

  it("names an unknown sender when the header block had none", () => {
    expect(render({ note: "", from: null, date: null, subject: null, body: "" })).toContain("Unknown sender");
  });

  it("prints the mail's words as text", () => {
    const html = render({ note: "<b>hi</b>", from: { name: "<img src=x onerror=alert(1)>", address: "x@example.com" }, date: null, subject: "<script>", body: "" });
    expect(html).not.toMatch(/<img|<script|<b>/);
  });
});
