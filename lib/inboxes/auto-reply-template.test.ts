import { describe, expect, it } from "vitest";
import { renderTemplate, templateProblems } from "./auto-reply-template";

const values = {
  contact: { name: "Maya Chen" },
  conversation: { number: 1042 },
  inbox: { name: "Acme Support" },
  agent: { name: null },
};

describe("auto-reply variables", () => {
  it("fills every variable", () => {
    expect(
      renderTemplate("Hi {{contact.firstName}} ({{ contact.name }}), #{{conversation.number}} at {{inbox.name}}, {{agent.name | our team}}.", values),
    ).toBe("Hi Maya (Maya Chen), #1042 at Acme Support, our team.");
  });

  it("uses the fallback only when the value is empty", () => {
    expect(renderTemplate("Hi {{contact.firstName | there}}!", values)).toBe("Hi Maya!");
    expect(renderTemplate("Hi {{contact.firstName | there}}!", { ...values, contact: { name: null } })).toBe("Hi there!");
    expect(renderTemplate("Hi {{contact.firstName|there}}!", { ...values, contact: { name: "   " } })).toBe("Hi there!");
    expect(renderTemplate("Hi {{contact.name}}!", { ...values, contact: { name: null } })).toBe("Hi !");
  });

  it("names unknown variables and accepts plain braces and text without variables", () => {
    expect(templateProblems("Hello {{contact.nmae}} and {{ticket.id | x}}")).toEqual([
      expect.stringContaining("{{contact.nmae}}"),
      expect.stringContaining("{{ticket.id}}"),
    ]);
    expect(templateProblems("Hi {{contact.firstName | there}}, { not a variable }")).toEqual([]);
    expect(templateProblems("Hi {{}}")).toHaveLength(1);
    expect(templateProblems("")).toEqual([]);
  });
});
