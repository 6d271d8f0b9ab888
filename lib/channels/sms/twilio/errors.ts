/**
 * Twilio error codes an agent may meet, in words they can act on
 * (https://www.twilio.com/docs/api/errors). Unknown codes fall back to Twilio's own message.
 */
export const TWILIO_ERROR_WORDS: Record<number, string> = {
  21211: "The customer's phone number is not a valid phone number",
  21408: "Your Twilio account is not allowed to send SMS to this country (Twilio Console → Messaging → Settings → Geo permissions)",
  21610: "The customer has opted out by replying STOP; they must text START before you can message them again",
  21612: "Twilio cannot route a message from this sender to the customer's number",
  21614: "The customer's number is not a mobile number that can receive SMS",
  21617: "The text is longer than the 1,600 characters Twilio accepts in one message",
  21606: "The inbox's sender number cannot send SMS to this customer",
  30003: "The customer's phone is unreachable (switched off or out of coverage)",
  30004: "The message was blocked: the customer or their carrier blocks messages from this number",
  30005: "The customer's number does not exist or is no longer in service",
  30006: "The customer's number is a landline or cannot receive SMS",
  30007: "The customer's carrier filtered the message as spam",
  30008: "The customer's carrier could not deliver the message (unknown error)",
  30034: "The sender number is not registered for US A2P 10DLC messaging",
};

/** Plain words for a failed delivery: the known meaning of the code, else Twilio's message or a generic line. */
export function twilioFailureWords(code: number | undefined, fallback?: string): string {
  const known = code !== undefined ? TWILIO_ERROR_WORDS[code] : undefined;
  if (known) return known;
  if (fallback) return code ? `${fallback} (Twilio error ${code})` : fallback;
  return code ? `Twilio could not deliver the message (error ${code})` : "Twilio could not deliver the message";
}
