import { splitText, utf16Units } from "../shared/text";

/*
 * The longest text one provider message may carry (a longer one is refused: Twilio error 21617,
 * Bandwidth 400 request-validation on `text`). Neither says how it counts beyond "characters" and
 * that emoji and other non-GSM characters count as more than one; UTF-16 code units (an emoji is
 * 2) is that reading. A longer reply goes as ordered parts within the limit
 * (docs/architecture.md §4.2). No server-only imports: the composer counts with the same code.
 */
export const SMS_TEXT_LIMITS = { twilio: 1600, bandwidth: 2048 } as const;
export type SmsProvider = keyof typeof SMS_TEXT_LIMITS;
export const SMS_PROVIDER_NAMES: Record<SmsProvider, string> = { twilio: "Twilio", bandwidth: "Bandwidth" };

/** The texts a reply becomes on this provider, in order. */
export const smsTextParts = (content: string, provider: SmsProvider): string[] => splitText(content, SMS_TEXT_LIMITS[provider], utf16Units);

/** What the composer shows: the length as the provider counts it, its limit and the number of parts. */
export function smsCount(content: string, provider: SmsProvider): { length: number; limit: number; parts: number } {
  const text = content.trim();
  return { length: utf16Units(text), limit: SMS_TEXT_LIMITS[provider], parts: smsTextParts(text, provider).length };
}
