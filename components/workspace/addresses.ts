/** The server's limit (createMessageSchema, lib/channels/email/recipients.ts MAX_CC). */
export const MAX_CC = 20;
const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;

/**
 * The addresses in typed or pasted text — "Anna Berg <anna@x.test>, ben@y.test; …" — lower-cased,
 * and the pieces that are not addresses, as typed.
 */
export function addressesIn(text: string): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[,;\n]+/)) {
    const piece = part.trim();
    if (!piece) continue;
    const address = (/<([^<>]+)>\s*$/.exec(piece)?.[1] ?? piece).trim().toLowerCase();
    if (ADDRESS.test(address) && address.length <= 320) valid.push(address);
    else invalid.push(piece);
  }
  return { valid, invalid };
}
