/**
 * Bandwidth delivery error codes an agent may meet, in words they can act on
 * (https://dev.bandwidth.com/docs/messaging/errors). Unknown codes fall back to Bandwidth's description.
 */
export const BANDWIDTH_ERROR_WORDS: Record<number, string> = {
  4301: "The customer's carrier cannot accept the message",
  4432: "Your Bandwidth account is not allowed to send messages to this country",
  4434: "The customer's number is a landline or cannot receive SMS",
  4470: "The message was blocked as spam",
  4720: "The customer's phone number is not a valid phone number",
  4721: "The customer's number is not in service",
  4750: "The customer's carrier rejected the message",
  4770: "The customer's carrier rejected the message (the phone may be switched off or out of coverage)",
  4775: "The customer has opted out by replying STOP; they must text START before you can message them again",
  5620: "The customer's carrier could not deliver the message (unknown error)",
};

export function bandwidthFailureWords(code: number | undefined, description: string | undefined): string {
  const known = code !== undefined ? BANDWIDTH_ERROR_WORDS[code] : undefined;
  if (known) return known;
  const said = description?.trim();
  if (said) return code !== undefined ? `Bandwidth could not deliver the message: ${said} (error ${code})` : `Bandwidth could not deliver the message: ${said}`;
  return code !== undefined ? `Bandwidth could not deliver the message (error ${code})` : "Bandwidth could not deliver the message";
}
