/*
 * Variables in automated messages (auto-replies; the same syntax as rule messages):
 * `{{contact.firstName}}`, with a fallback for empty values: `{{contact.firstName | there}}`.
 * Pure, shared by the save-time check, the sender and the settings page's live preview.
 */

export const TEMPLATE_VARIABLES = ["contact.name", "contact.firstName", "conversation.number", "inbox.name", "agent.name"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export type TemplateValues = {
  contact: { name: string | null };
  conversation: { number: number | null };
  inbox: { name: string };
  agent: { name: string | null };
};

const VARIABLE = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

const isKnown = (name: string): name is TemplateVariable => (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** What is wrong with a message's variables, one sentence each (empty: fine). */
export function templateProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1]!;
    if (!isKnown(name)) problems.push(`Unknown variable {{${name}}}: use ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")}`);
  }
  return problems;
}

/** The first word of a name: "Maya Chen" → "Maya". */
export const firstNameOf = (name: string | null) => name?.trim().split(/\s+/)[0] ?? "";

function valueOf(name: TemplateVariable, v: TemplateValues): string {
  switch (name) {
    case "contact.name":
      return v.contact.name?.trim() ?? "";
    case "contact.firstName":
      return firstNameOf(v.contact.name);
    case "conversation.number":
      return v.conversation.number === null ? "" : String(v.conversation.number);
    case "inbox.name":
      return v.inbox.name;
    case "agent.name":
      return v.agent.name?.trim() ?? "";
  }
}

/** The message with its variables filled in; an empty value takes the fallback, an unknown variable stays as written. */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(VARIABLE, (whole, name: string, fallback: string | undefined) => {
    if (!isKnown(name)) return whole;
    return valueOf(name, values) || (fallback ?? "");
  });
}
