/**
 * Bandwidth delivery error codes an agent may meet, in words they can act on. Taken from
 * Bandwidth's messaging error table (dev.bandwidth.com → Messaging → Errors), not from memory:
 * each entry says what Bandwidth's own description says. Unknown codes fall back to the
 * description Bandwidth sent with them.
 */
export const BANDWIDTH_ERROR_WORDS: Record<number, string> = {
  4301: "The message contains characters that cannot be encoded for the customer's carrier (invalid encoding)",
  4350: "The customer's number looks invalid: the message failed when it was sent to it",
  4360: "The message expired before it could be sent",
  4405: "Your sending number is not active for messaging (unallocated number): check it in Bandwidth",
  4432: "Your Bandwidth account is not enabled for messaging this country",
  4434: "Messages to this toll-free number are not allowed: it is not enabled for messaging or not active",
  4470: "Bandwidth blocked the message as spam",
  4481: "Your sending number is on Bandwidth's block list (reports of spam): contact Bandwidth",
  4492: "Messages to emergency numbers are not allowed",
  4700: "The customer's carrier or phone does not support text messages (invalid service type)",
  4701: "The customer's number is not reachable and text messaging is not available there",
  4702: "The customer's phone is unavailable (switched off, out of coverage or full)",
  4711: "The attached media is too large for the customer's carrier",
  4712: "The customer's carrier does not support this type of attachment",
  4720: "The customer's number cannot receive text messages (invalid number, a landline, or toll-free senders blocked)",
  4721: "The customer's number is deactivated and cannot receive messages",
  4750: "The customer's carrier rejected the message without giving a reason",
  4751: "The message is too long for the customer's carrier",
  4752: "The customer's carrier rejected the message as malformed",
  4770: "The customer's carrier blocked the message as spam",
  4775: "The customer has opted out of messages from this number (they replied STOP)",
  4785: "The customer's carrier rejected the message because too many were sent: wait before sending more",
  4795: "Your toll-free number is not verified: submit it for verification in Bandwidth",
  5100: "Bandwidth had a temporary error and could not process the message",
  5106: "Bandwidth could not route the message, even after retrying",
  5600: "The customer's carrier is temporarily unavailable (congestion)",
  5610: "The customer's carrier failed to accept the message",
  5620: "The customer's carrier reported an error while processing the message",
  9902: "No delivery receipt arrived within two hours: the message may or may not have been delivered",
  9999: "The customer's carrier reported an error Bandwidth does not recognise",
};

export function bandwidthFailureWords(code: number | undefined, description: string | undefined): string {
  const known = code !== undefined ? BANDWIDTH_ERROR_WORDS[code] : undefined;
  if (known) return known;
  const said = description?.trim();
  if (said) return code !== undefined ? `Bandwidth could not deliver the message: ${said} (error ${code})` : `Bandwidth could not deliver the message: ${said}`;
  return code !== undefined ? `Bandwidth could not deliver the message (error ${code})` : "Bandwidth could not deliver the message";
}
