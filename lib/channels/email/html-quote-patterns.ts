/**
 * The words mail clients write where a reply's quoted history begins, in the languages they ship.
 * The DOM rules in html-quote.ts use them where a client leaves no class or id to go by
 * (Outlook desktop, Hotmail, Windows Mail, Zimbra, Samsung, GMX/Web.de, Yandex, mail.ru).
 */

const alt = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+")).join("|");

/** "From:" in an Outlook-style header block. */
const FROM = ["From", "De", "Von", "Da", "Van", "Od", "От", "Від", "Från", "Fra", "Lähettäjä", "Feladó", "Kimden", "Από", "Expéditeur", "Remitente", "发件人", "發件人", "寄件者", "差出人", "보낸 사람", "Pengirim", "Dari", "Người gửi"];
/** "Sent:" / "Date:". */
const SENT = ["Sent", "Date", "Envoyé", "Envoyé le", "Gesendet", "Datum", "Inviato", "Data", "Enviado", "Enviada", "Enviado el", "Enviada em", "Fecha", "Verzonden", "Wysłane", "Wysłano", "Wysłany", "Отправлено", "Дата", "Надіслано", "Skickat", "Sendt", "Lähetetty", "Päivämäärä", "Elküldve", "Dátum", "Gönderildi", "Tarih", "Odesláno", "Ημερομηνία", "Στάλθηκε", "发送时间", "發送時間", "日期", "送信日時", "日時", "보낸 날짜", "Tanggal", "Terkirim"];
/** "To:" (and "Cc:", which often sits between). */
const TO = ["To", "À", "A", "An", "Para", "Aan", "Do", "Кому", "Копия", "Till", "Til", "Vastaanottaja", "Címzett", "Kime", "Komu", "Προς", "收件人", "收件者", "宛先", "받는 사람", "Kepada", "Destinataire", "Cc", "CC", "Kopie", "Copie", "Cci", "Reply-To", "Répondre à"];
/** "Subject:". */
const SUBJECT = ["Subject", "Objet", "Betreff", "Oggetto", "Asunto", "Assunto", "Onderwerp", "Temat", "Тема", "Ämne", "Emne", "Aihe", "Tárgy", "Konu", "Předmět", "Θέμα", "主题", "主旨", "件名", "제목", "Perihal", "Subjek", "Tiêu đề"];

// A label opens a line (or the stream), may be bold-marked with "*", and ends with an ASCII or full-width colon.
const label = (words: string[]) => `(?:^|\\n)[ \\t*]*(?:${alt(words)})[ \\t*]*[:：]`;
export const FROM_LABEL = new RegExp(label(FROM), "iu");
export const SENT_LABEL = new RegExp(label(SENT), "iu");
export const TO_LABEL = new RegExp(label(TO), "iu");
export const SUBJECT_LABEL = new RegExp(label(SUBJECT), "iu");
/** A header block begins with one of these (Hotmail and GMX put the date first). */
export const HEADER_START = new RegExp(`^[ \\t*]*(?:${alt([...FROM, ...SENT])})[ \\t*]*[:：]`, "iu");

/**
 * Whether `text` (the lines from a candidate start on) reads as a quoted mail's header block: its
 * first lines carry From and Sent/Date and To or Subject. A ticket or booking ("From: Berlin /
 * To: Paris / Date: 12 May") has the same words, so the block must also name a subject or an address.
 */
export function isHeaderBlock(text: string): boolean {
  if (!HEADER_START.test(text)) return false;
  const head = text.split("\n").slice(0, 10).join("\n");
  if (!FROM_LABEL.test(head) || !SENT_LABEL.test(head)) return false;
  return SUBJECT_LABEL.test(head) || (TO_LABEL.test(head) && /@/.test(head));
}

const SENT_INLINE = new RegExp(`\\s(?:${alt(SENT)})[ \\t*]*[:：][^\\n]{0,40}\\d`, "iu");
/** A header squeezed onto one line, as bold runs side by side: "From: bob@… Date: Thu, 24 Mar 2025 08:07". */
export function isHeaderLine(line: string): boolean {
  return FROM_LABEL.test(line) && HEADER_START.test(line) && line.length < 400 && /@/.test(line) && SENT_INLINE.test(line);
}

/** "-----Original Message-----" and its translations; Zoho's and Android's "---- On … wrote ----". */
const ORIGINAL = ["Original Message", "Original message", "Ursprüngliche Nachricht", "Original-Nachricht", "Message d'origine", "Message original", "Mensaje original", "Mensagem original", "Messaggio originale", "Oorspronkelijk bericht", "Origineel bericht", "Oryginalna wiadomość", "Wiadomość oryginalna", "Исходное сообщение", "Оригинальное сообщение", "Původní zpráva", "Alkuperäinen viesti", "Ursprungligt meddelande", "Opprinnelig melding", "Oprindelig meddelelse", "Eredeti üzenet", "Orijinal mesaj", "Αρχικό μήνυμα", "原始邮件", "原始郵件", "元のメッセージ", "원본 메시지"];
export const SEPARATOR_LINE = new RegExp(`^[ \\t]*-{2,}[ \\t]*(?:(?:${alt(ORIGINAL)})|[^\\n-][^\\n]{0,200}?\\s(?:wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef|napisał\\(a\\)|napisał|napisała|skrev|написал\\(а\\)|написал|написала|kirjoitti|írta|yazdı))[ \\t]*-{2,}[ \\t]*$`, "iu");

/** Attribution verbs: "Jane wrote:", "Jane schrieb:", "Jane a écrit :", "Jane 写道：". */
const WROTE = ["wrote", "writes", "schrieb", "a écrit", "escribió", "escreveu", "ha scritto", "scrisse", "schreef", "heeft geschreven", "napisał(a)", "napisał", "napisała", "skrev", "kirjoitti", "írta", "yazdı", "написал(а)", "написал", "написала", "пише", "написав", "написала", "napsal", "napsala", "a scris", "έγραψε", "写道", "寫道", "のメッセージ", "님이 작성", "menulis", "đã viết"];
const WROTE_RE = new RegExp(`(?:${alt(WROTE)})\\s*[:：]\\s*$`, "iu");
const ENDS_WITH_COLON = /[:：]\s*$/;
const HAS_ADDRESS = /[^\s<>@]+@[^\s<>@]+\.[a-z]{2,}|&lt;|</iu;
const HAS_TIME = /\d{1,2}[:.]\d{2}/;
const HAS_DATE = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b(?:19|20)\d{2}\b/;

/** An attribution that stands on its own, quote without wrapper after it: the verb and a date or an address. */
export function isStrictAttribution(line: string): boolean {
  const text = line.trim();
  return text.length <= 400 && WROTE_RE.test(text) && (HAS_ADDRESS.test(text) || (HAS_TIME.test(text) && HAS_DATE.test(text)));
}

/**
 * Whether a line just before a blockquote introduces it: "On …, Jane <jane@…> wrote:", Yandex's
 * "26.06.2024, 14:41, "Jane" <jane@…>:", mail.ru's "Среда, 5 июня 2024, 10:00 +03:00 от Jane <…>:".
 * Only used right before a quote, so a loose "date or address, then a colon" is safe.
 */
export function isAttribution(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > 400) return false;
  if (WROTE_RE.test(text)) return true;
  return ENDS_WITH_COLON.test(text) && (HAS_ADDRESS.test(text) || (HAS_TIME.test(text) && HAS_DATE.test(text)));
}
