/**
 * Our own reply cases (written by us, in our own words, for the formats that matter): each is one
 * mail as a client sends it and the exact new part an agent should see. They feed the unit tests
 * and `npm run bench:email`, which prints the share of cases whose new part comes out exactly.
 */
export type ReplyCase = {
  /** Short and unique: what the case is about. */
  name: string;
  /** The mail client (and version) whose format this imitates: "Outlook 2016", "Gmail", "Apple Mail". */
  client: string;
  /** BCP 47 tag of the quoting client's language: "de", "pt-BR", "ja". */
  language: string;
  /** `text`: `mail` is the text/plain body; `html`: `mail` is the text/html body. */
  format: "text" | "html";
  mail: string;
  /** What the agent should see as this mail's new part (the list preview), whitespace-insensitive. */
  newPart: string;
  /** The failure kind of issue 12 it covers, e.g. "attribution-language", "outlook-header", "bottom-post". */
  kind: string;
};

/** Compares new parts the way a reader does: runs of whitespace are one space, ends trimmed. */
export const sameText = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
