/**
 * Finds the sender's signature at the end of what they wrote, so the list preview can leave it
 * out (the thread keeps it). Conservative on purpose: a missed signature costs a few words in a
 * preview, an eaten sentence loses what the customer said. Pure: used by the browser too.
 */

import { RULE } from "./quoted-patterns";

/** The `-- ` line (RFC 3676 §4.3); many clients drop the trailing space. */
const DELIMITER = /^--\s?$/;

/**
 * What mail apps append on their own, as whole lines. These name a device or an app so plainly
 * ("Sent from my iPhone", "Von meinem iPhone gesendet") that they go wherever they stand.
 */
const DEVICE = [
  // No comma: "Sent from my desk, which is easier than my phone." is the sender's sentence.
  /^[(<]*sent (?:from|with|via|using|by) my [^,!?]{1,60}$/iu,
  /^sent from my [^,!?]{1,40}, (?:so )?(?:please )?(?:excuse|forgive|pardon) .{0,60}$/iu,
  /^[(<]*sent (?:from|with|via|using|by) (?:iphone|ipad|android|samsung|galaxy|outlook|yahoo|proton|aol|mail for windows|mobile|a phone|blackberry)\b[^,!?]{0,80}$/iu,
  /^from my (?:iphone|ipad|android|samsung|galaxy|mobile|phone)\b.{0,30}$/iu,
  /^ᐧ$/u, // Gmail's tracking-pixel placeholder

  /^(?:get|download) outlook for (?:ios|android).*$/i,
  /^von meinem [^!?]{1,50} gesendet\.?$/iu,
  /^gesendet (?:von|mit|über) [^!?]{1,60}\.?$/iu,
  /^diese nachricht wurde von [^!?]{1,60} gesendet\.?$/iu,
  /^envoyé (?:de|depuis|à partir de) [^!?]{1,60}\.?$/iu,
  /^télécharger outlook pour (?:ios|android)$/iu,
  /^enviado (?:desde|do|dal|de) [^!?]{1,60}\.?$/iu,
  /^(?:obtener|obter o) outlook para (?:ios|android)$/iu,
  /^inviato da[l]? [^!?]{1,50}\.?$/iu,
  /^(?:verzonden|verstuurd) (?:vanaf|met|van) [^!?]{1,50}\.?$/iu,
  /^skickat från [^!?]{1,50}\.?$/iu,
  /^sendt fra [^!?]{1,50}\.?$/iu,
  /^lähetetty [^!?]{1,40}(?:sta|stä)\.?$/iu,
  /^wysłane z [^!?]{1,50}\.?$/iu,
  /^odesláno z [^!?]{1,50}\.?$/iu,
  /^(?:отправлено|надіслано|послано) (?:с|из|з|із) [^!?]{1,60}\.?$/iu,
  /^[^!?]{1,30}(?:'?(?:umdan|imden|dan|den)) gönderildi\.?$/iu,
  /^[\p{L}\d ]{1,30}から送信$/u,
  /^(?:发自我的|從我的|来自我的)\s?[\p{L}\d ]{1,30}(?:傳送|发送)?$/u,
  /^[\p{L}\d ]{1,30}에서 보냄$/u,
];

/** Broader app lines ("Sent from Mail for Windows 10", "Someone from mobile"), only at the very end. */
const DEVICE_TAIL = [/^[(<]*sent (?:from|with|via|using|by) [^,]{1,100}$/iu, /^\S+ from mobile$/iu];

/** Closing words that end a mail before the name ("Thanks,", "Viele Grüße", "Cordialement" …). */
const SIGN_OFF = new RegExp(
  `^(?:${[
    "thanks(?: again| a lot| in advance| so much)?", "thank you(?: so much| again)?", "many thanks", "cheers", "best", "all the best",
    "(?:best|kind|warm|warmest|many)? ?regards", "best wishes", "sincerely", "yours(?: sincerely| truly)?", "take care",
    "(?:viele|liebe|beste|herzliche|freundliche|schöne) grüße", "mit (?:freundlichen|besten) grüßen", "gruß", "grüße", "lg", "vg", "mfg", "danke(?: schön)?", "vielen dank",
    "(?:bien )?cordialement", "bien à vous", "merci(?: beaucoup| d'avance)?", "salutations", "amicalement", "bonne journée",
    "(?:un )?saludo(?:s)?(?: cordiales)?", "atentamente", "(?:muchas )?gracias",
    "obrigad[oa]", "atenciosamente", "abraços", "cumprimentos",
    "grazie(?: mille)?", "(?:cordiali |distinti )?saluti", "un saluto",
    "met vriendelijke groet(?:en)?", "(?:hartelijke )?groet(?:en|jes)?", "bedankt", "dank je(?: wel)?",
    "med vänliga hälsningar", "vänliga hälsningar", "hälsningar", "tack(?: så mycket)?",
    "med vennlig hilsen", "med venlig hilsen", "vennlig hilsen", "venlig hilsen", "hilsen", "mvh", "takk", "tak",
    "pozdrawiam", "z poważaniem", "dziękuję", "dzięki",
    "s pozdravem", "děkuji", "с уважением", "спасибо", "всего доброго", "з повагою", "дякую",
    "saygılarımla", "teşekkürler", "üdvözlettel", "köszönöm",
  ].join("|")})\\s*[,!.]?$`,
  "iu",
);

/** A name (and maybe a title) under a sign-off: capitalised, short, no sentence punctuation, no address. */
const NAME_LINE = /^[\p{Lu}\p{Lo}][^.!?:;@<>]{0,39}$/u;

/** Markdown links some clients write ("Get [Outlook for Android](https://…)") read as their text. */
const plain = (line: string) => line.replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").trim();
const isDevice = (line: string) => DEVICE.some((re) => re.test(plain(line)));
const isDeviceTail = (line: string) => isDevice(line) || DEVICE_TAIL.some((re) => re.test(plain(line)));

/**
 * The text without its signature: from a `-- ` line on, app lines such as "Sent from my iPhone",
 * and a closing ("Thanks,") with up to three short name lines when there is text above it.
 * Text that is all signature comes out empty; the caller decides what to show then.
 */
export function withoutSignature(text: string): string {
  let lines = text.split("\n");
  // A mailing list's footer ("____\nusers mailing list\n…") is signature too.
  const delimiter = lines.findIndex((l, i) => DELIMITER.test(l) || (RULE.test(l) && /\bmailing list$/i.test(lines[i + 1]?.trim() ?? "")));
  if (delimiter >= 0) lines = lines.slice(0, delimiter);
  lines = lines.filter((l) => !isDevice(l));
  while (lines.length && (!lines.at(-1)!.trim() || RULE.test(lines.at(-1)!) || isDeviceTail(lines.at(-1)!))) lines.pop();

  // A sign-off among the last four lines, with only short name lines after it.
  for (let i = Math.max(0, lines.length - 4); i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!SIGN_OFF.test(line)) continue;
    const after = lines.slice(i + 1).filter((l) => l.trim());
    const above = lines.slice(0, i).some((l) => l.trim());
    if (above && after.every((l) => NAME_LINE.test(l.trim())) && (after.length > 0 || line.endsWith(","))) {
      lines = lines.slice(0, i);
      break;
    }
  }
  return lines.join("\n").trim();
}
