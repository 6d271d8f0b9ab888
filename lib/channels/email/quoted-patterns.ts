/**
 * The lines mail clients write above the history they quote: attributions ("On … wrote:" in many
 * languages, date-first forms), Outlook's header blocks (localised, bold, indented) and the
 * separators ("-----Original Message-----", Zoho's and Android's dashed lines). Pure: used by the
 * browser and the server alike.
 */

/** The verb (or particle) an attribution ends with, per language; `:` or `：` may follow. */
const WROTE = [
  "wrote", "writes", "said", // en
  "schrieb", "geschrieben", // de
  "schreef", "het volgende geschreven", // nl
  "a écrit", "écrit", // fr
  "escribió", // es
  "escreveu", // pt
  "ha scritto", "scritto", // it
  "napisał\\(a\\)", "napisała", "napisał", "pisze", // pl
  "napsal\\(a\\)", "napsal", // cs
  "skrev", // sv, no, da
  "kirjoitti", // fi
  "ezt írta", // hu
  "şunu yazdı", "yazdı", // tr
  "написал\\(а\\)", "написала", "написал", "пишет", // ru
  "пише", "написав", // uk
  "έγραψε", // el
  "写道", "寫道", // zh
  "님이 작성", "작성", // ko
  "のメール", "のメッセージ", "さんは書きました", // ja
].join("|");

/** Whole-line attribution, once a wrapped one is joined onto one line. */
const ATTRIBUTION_VERB = new RegExp(`^.{2,400}?(?:\\s|\\b|[>)"」\\d])(?:${WROTE})\\s*[:：]?$`, "iu");
/** Date-first forms that name the sender by address, mostly with a ":" after it (Gmail in ru/ja, Yandex, mail.ru, ISO dates). */
const DATE_ADDRESS = /^.{0,120}\d.{0,200}<[^<>\s]+@[^<>\s]+>\s*[:：]?$/u;
/**
 * The verb before the date: "Jane <jane@…> schrieb am Mo., 3. Juni 2024, 10:02:", "Jane wrote on
 * 3 June:", Hungarian Gmail's "Jane <jane@…> ezt írta (időpont: 2024. jún. 3., H, 10:02):".
 */
const WROTE_ON_DATE = /^.{1,200}(?:\b(?:wrote|schrieb|skrev|schreef|escribió|escreveu)\s+(?:on|am|den|op|el|em)\b|\sezt írta \().{1,200}[:：]$/iu;
/** "Am 03.06.24 um 10:02 schrieb Acme Support:", "Op … schreef Jane:", "Den … skrev Jane:" (verb before the name). */
const DATE_WROTE_NAME = /^.{0,200}\d.{0,200}\s(?:schrieb|schreef|skrev|napsal|kirjoitti)\s.{1,200}[:：]$/iu;
/** "2024-06-03 10:02 GMT+02:00 Jane Doe" (Gmail's ISO form, sometimes without the address). */
const ISO_DATE_NAME = /^20\d\d-\d\d-\d\d \d{1,2}:\d\d GMT[+-]\d\d:\d\d [^<>]+$/u;
/** "Zoho: ---- On … wrote ----", "Android: ---- Jane wrote ----", "---- Jane schrieb ----". */
const DASHED = new RegExp(`^-{2,}\\s*(.{1,300}?(?:${WROTE}))\\s*[:：]?\\s*-{2,}$`, "iu");

/** The words attributions begin with: a line starting so begins its own attribution. */
const INTRO = /^(?:On|Am|Le|El|Em|Il|In data|Op|Den|W dniu|Dnia|Dne|在)\s|^\d/iu;
/** How a wrapped attribution's first line can begin (so a sentence above it is never joined on). */
const ATTRIBUTION_START = /^(?:On|Am|Le|El|Em|Il|In data|Op|Den|W dniu|Dnia|Dne|在|\d|[\p{L}]{2,4}\.?,?\s+\d|.{0,120}<[^<>\s]+@)/iu;
/**
 * Sure enough to fold unquoted text after it: an address, or an attribution's usual opening with
 * a year or a time. "On 3 June I wrote:" or "In my mail of May 3 I said:" stay the sender's text.
 */
const sure = (text: string) => text.includes("@") || (ATTRIBUTION_START.test(text) && /\d{4}|\d{1,2}[:.h]\d\d/.test(text));

/** The separators clients put between the reply and the history, in many languages. */
const SEPARATOR_PHRASES = [
  "Original Message", "Forwarded message", "Forwarded Message", "Reply Message", "Original message",
  "Ursprüngliche Nachricht", "Weitergeleitete Nachricht", "Originalnachricht",
  "Message d'origine", "Message d’origine", "Message transféré", "Message original",
  "Mensaje original", "Mensaje reenviado",
  "Mensagem original", "Mensagem encaminhada",
  "Messaggio originale", "Messaggio inoltrato",
  "Oorspronkelijk bericht", "Origineel bericht", "Doorgestuurd bericht",
  "Ursprungligt meddelande", "Vidarebefordrat meddelande",
  "Opprinnelig melding", "Videresendt melding", "Oprindelig meddelelse", "Videresendt meddelelse",
  "Alkuperäinen viesti", "Välitetty viesti",
  "Wiadomość oryginalna", "Oryginalna wiadomość", "Przekazana wiadomość",
  "Původní zpráva", "Přeposlaná zpráva", "Eredeti üzenet", "Orijinal Mesaj", "Özgün İleti",
  "Исходное сообщение", "Пересылаемое сообщение", "Пересланное сообщение", "Оригінальне повідомлення",
  "Αρχικό μήνυμα", "原始邮件", "原始郵件", "邮件原件", "転送されたメッセージ", "元のメッセージ", "원본 메시지",
].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const SEPARATOR = new RegExp(`^[\\s>*]*-{2,}\\s*(?:${SEPARATOR_PHRASES.join("|")})\\s*-{2,}[\\s*]*$`, "iu");
/** Apple Mail and others introduce forwarded history with a sentence instead of dashes. */
const FORWARD_INTRO =
  /^[\s>]*(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Début du message transféré|Inicio del mensaje reenviado|Início da mensagem reencaminhada|Inizio messaggio inoltrato|Begin doorgestuurd bericht)\s*[:：]$/iu;

/** Outlook's header names, per language: who sent the quoted mail… */
const FROM = ["From", "Von", "De", "Van", "Da", "Fra", "Från", "Od", "От", "Від", "Kimden", "Lähettäjä", "Feladó", "Expéditeur", "Remetente", "Mittente", "Afzender", "Nadawca", "Αποστολέας", "发件人", "寄件者", "差出人", "보낸 사람"];
/** …and the other lines of the block. */
const OTHER = [
  "Sent", "Date", "To", "Cc", "Bcc", "Subject", "Reply-To",
  "Gesendet", "Datum", "An", "Betreff", "Antwort an",
  "Envoyé", "Envoyé le", "À", "A", "Objet", "Date d'envoi",
  "Enviado", "Enviado el", "Enviada em", "Enviado em", "Fecha", "Para", "Asunto", "Assunto", "CC", "CCO",
  "Inviato", "Data", "Oggetto", "Ogg",
  "Verzonden", "Aan", "Onderwerp",
  "Skickat", "Till", "Kopia", "Ämne",
  "Sendt", "Dato", "Til", "Emne",
  "Lähetetty", "Vastaanottaja", "Aihe",
  "Wysłano", "Wysłane", "Do", "DW", "Temat",
  "Odesláno", "Komu", "Předmět",
  "Отправлено", "Дата", "Кому", "Копия", "Тема", "Надіслано", "Тема листа",
  "Gönderildi", "Tarih", "Kime", "Konu",
  "Elküldve", "Címzett", "Tárgy",
  "Στάλθηκε", "Προς", "Θέμα",
  "发送时间", "日期", "收件人", "抄送", "主题", "寄件日期", "收件者", "副本", "主旨",
  "送信日時", "宛先", "件名", "보낸 날짜", "받는 사람", "참조", "제목",
];
const names = (list: string[]) => list.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).sort((a, b) => b.length - a.length).join("|");
// Bold (`*From:*`) and indented blocks too; French puts a space before the colon.
const header = (list: string[]) => new RegExp(`^[\\s>]*\\*?(?:${names(list)})\\*?\\s*[:：]\\s*\\*?\\s*\\S`, "iu");
const FROM_HEADER = header(FROM);
const ANY_HEADER = header([...FROM, ...OTHER]);

/** A horizontal rule in text form (Outlook draws one above its header block). */
export const RULE = /^\s*[-_=*—]{3,}\s*$/;
export const isQuoteLine = (line: string) => /^\s*>/.test(line);

const unquote = (line: string) => line.replace(/^\s*(?:>\s?)+/, "").trim();

/**
 * An Outlook-style header block starting at `i`: three or more header lines within the next few,
 * one of them naming the sender ("From:", "Von:", "De :", "发件人:" …).
 */
export function headerBlockAt(lines: string[], i: number): boolean {
  if (!ANY_HEADER.test(lines[i]!)) return false;
  let headers = 0;
  let from = false;
  for (let j = i; j < Math.min(lines.length, i + 8); j++) {
    const line = lines[j]!;
    if (!line.trim()) break;
    if (ANY_HEADER.test(line)) {
      headers++;
      from ||= FROM_HEADER.test(line);
    }
  }
  return headers >= 3 && from;
}

/** A separator line after which the rest of the mail is history, whatever follows it. */
export const isSeparator = (line: string) => SEPARATOR.test(line) || FORWARD_INTRO.test(line) || DASHED.test(line.trim());

export type Attribution = {
  /** How many lines it spans (clients wrap long ones over up to three). */
  lines: number;
  /** Sure enough (a date or an address) to fold what follows even when it is not `>`-quoted. */
  strong: boolean;
};

// Cheap looks at a line's end first: most lines end in none of these, and the full patterns scan.
const ENDS_WITH_VERB = new RegExp(`(?:${WROTE})\\s*[:：]?$`, "iu");
const ENDS_WITH_ADDRESS = /<[^<>\s]+@[^<>\s]+>\s*[:：]?$/u;
const ENDS_WITH_COLON = /[:：]$/u;

function matchOne(text: string): Attribution | null {
  if (text.length > 500) return null;
  const tail = text.slice(-200);
  const colon = ENDS_WITH_COLON.test(text);
  if (ENDS_WITH_VERB.test(tail.slice(-40)) && ATTRIBUTION_VERB.test(text)) return { lines: 1, strong: sure(text) && colon };
  if (colon && (WROTE_ON_DATE.test(text) || DATE_WROTE_NAME.test(text))) return { lines: 1, strong: sure(text) };
  if (ISO_DATE_NAME.test(text)) return { lines: 1, strong: false };
  // Old Gmail writes "2013/7/20 Jane <jane@…>" without a colon: a leading date is sure enough.
  if (ENDS_WITH_ADDRESS.test(tail) && DATE_ADDRESS.test(text))
    return { lines: 1, strong: (colon && /\d{4}|\d{1,2}[:.]\d\d/.test(text)) || /^\d{4}[/-]\d{1,2}[/-]\d{1,2}\s/.test(text) };
  return null;
}

/**
 * The attribution that starts at line `i`, if any. A wrapped one is joined over up to three lines,
 * but only from a line that can begin one and only if the lines after it do not already make one
 * on their own (so the sender's last sentence above it is never folded away with it).
 */
export function attributionAt(lines: string[], i: number): Attribution | null {
  // ">:" closes an address wrapped just before its ">" (Gmail): it is the attribution's end, not a quote.
  const closer = (j: number) => /^\s*>\s*[:：]\s*$/.test(lines[j] ?? "");
  const at = (j: number) => (closer(j) ? ">:" : unquote(lines[j] ?? ""));
  const first = at(i);
  if (!first || closer(i)) return null;
  let weak: Attribution | null = null;
  for (let k = 0; k < 3 && i + k < lines.length; k++) {
    // A wrapped attribution never continues into a blank line or, unless it is quoted itself, a quote.
    if (k > 0 && (!at(i + k) || (isQuoteLine(lines[i + k]!) && !isQuoteLine(lines[i]!) && !closer(i + k)))) break;
    const parts = Array.from({ length: k + 1 }, (_, n) => at(i + n));
    // "…Support <" + "support@acme.test> wrote:" joins without a space inside the address.
    const joined = parts.reduce((acc, p) => (acc.endsWith("<") || /^>/.test(p) ? acc + p : `${acc} ${p}`));
    const found = matchOne(joined);
    if (!found) continue;
    if (k > 0 && (!ATTRIBUTION_START.test(first) || (/[.!?]$/.test(first) && !first.includes("@")) || (INTRO.test(at(i + 1)) && attributionAt(lines, i + 1)))) break;
    // "On … Team <support@acme.test>" may be the first two lines of "… wrote:": prefer the sure reading.
    if (found.strong) return { ...found, lines: k + 1 };
    weak ??= { ...found, lines: k + 1 };
  }
  return weak;
}
