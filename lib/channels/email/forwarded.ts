import EmailForwardParser from "email-forward-parser";

/**
 * Reads a plain-text forward: the forwarder's own note, and the original mail (sender, date,
 * subject, recipients, body) that the client pasted below a separator or a header block. The
 * thread shows it as a card headed by the original sender instead of raw header lines.
 *
 * Our own rules come first: they keep the original's own quote marks (so its history still
 * folds), drop the separator from the note, and know Chinese and Outlook's localised blocks.
 * Crisp's email-forward-parser is the fallback for the locales we have no rules for (Czech,
 * Hungarian, Turkish, …).
 */

export type ForwardedMail = {
  note: string;
  original: {
    from: { name?: string; address: string } | null;
    date: string | null;
    subject: string | null;
    to: string | null;
    body: string;
  };
};

/** Subject prefixes clients put on a forward, across languages (first prefix decides: "Re: Fwd:" is a reply). */
// "VS:" is Danish/Norwegian for forward (and Finnish for reply: a Finnish Outlook reply with its header block is carded).
const FORWARD_SUBJECT = /^\s*(fwd?|fw|wg|tr|rv|enc|doorst|pd|vb|vl|vs|videresend|i̇?lt|İlt|i|转发|轉寄|転送)\s*[:：]/iu;

/** Separator lines that say "forwarded" in words: Gmail, Thunderbird, Yahoo, Apple Mail, iOS, localised. */
const FORWARD_WORDS = [
  "forwarded message",
  "begin forwarded message",
  "weitergeleitete nachricht",
  "anfang der weitergeleiteten nachricht",
  "message transféré",
  "début du message réexpédié",
  "début du message transféré",
  "mensaje reenviado",
  "inicio del mensaje reenviado",
  "comienzo del mensaje reenviado",
  "mensagem encaminhada",
  "início da mensagem reencaminhada",
  "mensagem reencaminhada",
  "doorgestuurd bericht",
  "begin doorgestuurd bericht",
  "messaggio inoltrato",
  "inizio messaggio inoltrato",
  "wiadomość przekazana dalej",
  "przekazana wiadomość",
  "videresendt meddelelse",
  "videresendt melding",
  "vidarebefordrat meddelande",
  "välitetty viesti",
  "edelleenlähetetty viesti",
  "wiadomość przesłana dalej",
  "iletilen ileti",
  "пересылаемое сообщение",
  "пересланное сообщение",
  "начало переадресованного сообщения",
  "переслане повідомлення",
  "转发的邮件",
  "开始转发的邮件",
  "以下为转发的邮件",
  "轉寄的郵件",
  "転送されたメッセージ",
  "転送メッセージ",
];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** "---------- Forwarded message ---------", "-------- Forwarded Message --------", "Begin forwarded message:". */
const FORWARD_SEPARATOR = new RegExp(`^[-=_\\s]*(?:${FORWARD_WORDS.map(escape).join("|")})[-=_\\s]*[:：]?[-=_\\s]*$`, "i");
/** Outlook's "-----Original Message-----" and its translations: a forward only when the subject says so. */
const ORIGINAL_SEPARATOR =
  /^\s*-{3,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|mensagem original|oorspronkelijk bericht|messaggio originale|исходное сообщение|原始邮件|wiadomość oryginalna|originalmeddelelse|opprinnelig melding|originalmeddelande|alkuperäinen viesti)\s*-{3,}\s*$/i;
/** Gmail's frame around a language we have no words for: "---------- Přeposlaná zpráva ---------". */
const FRAMED_LINE = /^\s*-{5,}\s*[^-\s][^-]{1,60}?\s*-{5,}\s*$/;
/** The rule Outlook and Outlook.com draw above their header block. */
const RULE = /^\s*_{10,}\s*$/;

type Field = "from" | "date" | "subject" | "to" | "cc" | "other";
const KEYS: Record<Exclude<Field, "other">, string[]> = {
  from: ["from", "von", "de", "van", "от", "发件人", "寄件者", "寄件人", "da", "od", "fra", "från", "lähettäjä", "kimden", "від", "差出人", "sender", "feladó", "de la", "gönderen", "šalje", "saatja"],
  date: [
    "date", "sent", "datum", "gesendet", "envoyé", "envoyé le", "fecha", "enviado", "enviado el", "enviada", "enviada em", "enviado em", "data",
    "verzonden", "verzonden op", "отправлено", "дата", "发送时间", "日期", "时间", "寄件日期", "inviato", "wysłano", "sendt", "skickat",
    "lähetetty", "tarih", "gönderildi", "送信日時", "日付", "надіслано", "odesláno", "odoslané", "dátum", "elküldve", "trimis", "poslano", "saadetud", "kuupäev",
  ],
  subject: ["subject", "betreff", "objet", "asunto", "assunto", "onderwerp", "тема", "主题", "主旨", "oggetto", "temat", "emne", "ämne", "aihe", "konu", "件名", "předmět", "predmet", "tárgy", "subiect", "teema"],
  to: ["to", "an", "à", "a", "para", "aan", "кому", "收件人", "do", "til", "till", "vastaanottaja", "kime", "宛先", "komu", "címzett", "către", "alıcı", "prima", "saaja"],
  cc: ["cc", "kopie", "copie", "копия", "抄送", "kopia", "kopio", "bilgi"],
};
const FIELD_OF = new Map<string, Field>(Object.entries(KEYS).flatMap(([field, keys]) => keys.map((k) => [k, field as Field])));
const OTHER_KEYS = new Set(["reply-to", "antwort an", "répondre à", "responder a", "importance", "wichtigkeit", "priorität"]);

/** One header line: "From: …", "*From:* …" (Outlook HTML turned to text), "De : …", "Subject:\t…", "发件人： …". */
const HEADER_LINE = /^\*?([^\s:：*][^:：*]{0,24}?)\*?\s*[:：]\*?[ \t]*(.*)$/;

/** `loose`: inside a block, any short "Key: value" line is a header we do not need (a language we lack, "Importance:"). */
function headerOf(line: string, loose = false): { field: Field; value: string } | null {
  const m = HEADER_LINE.exec(line.trim());
  if (!m) return null;
  const key = m[1]!.trim().toLowerCase();
  const field = FIELD_OF.get(key) ?? (OTHER_KEYS.has(key) || (loose && key.length <= 20 && key.split(/\s+/).length <= 3) ? "other" : undefined);
  return field ? { field, value: m[2]!.replace(/^\*\s*/, "").trim() } : null;
}

/** Apple Mail quotes the whole forward: one level of "> " goes, deeper quotes (its own history) stay. */
const unquoteOnce = (line: string) => line.replace(/^> ?/, "");

/**
 * A reply's attribution line: a quote starting here makes the mail a reply, even if a forward is
 * quoted further down. It names a date or an address, so a note's "Look what she wrote:" is not one.
 */
const ATTRIBUTION_END = /\b(wrote|schrieb|a écrit|escribió|schreef|geschreven|ha scritto|escreveu|napisał\(a\)|napisał|skrev|kirjoitti|yazdı|написал\(а\)|написала|написал|пише|写道)\s*[:：]?\s*$/i;
const isAttribution = (line: string) => ATTRIBUTION_END.test(line) && /\d|@/.test(line) && line.length < 400;

type Block = { headers: Partial<Record<Field, string>>; end: number };

/**
 * The header block starting at `start` (after blank lines): at least a sender and a date or
 * subject, one per line, until the first blank line or a line that is not a header.
 */
function headerBlock(lines: string[], start: number): Block | null {
  let i = start;
  while (i < lines.length && i < start + 3 && !lines[i]!.trim()) i++;
  const headers: Partial<Record<Field, string>> = {};
  let count = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) break;
    const h = headerOf(line, count > 0);
    if (!h) {
      if (count === 0) return null;
      break;
    }
    if (h.field !== "other" && headers[h.field] === undefined) headers[h.field] = h.value;
    count++;
  }
  if (headers.from === undefined || (headers.date === undefined && headers.subject === undefined)) return null;
  return { headers, end: i };
}

/** For the HTML side (forwarded-html.ts): the same words, keys and subject rule as the text side. */
export const isForwardSubject = (subject: string | null | undefined) => FORWARD_SUBJECT.test(subject ?? "");
/** A line that announces a forward on its own: "---------- Forwarded message ---------", "Begin forwarded message:". */
export const isForwardSeparator = (line: string) => FORWARD_SEPARATOR.test(line) || (FRAMED_LINE.test(line) && !ORIGINAL_SEPARATOR.test(line));
/** Outlook's "-----Original Message-----" (any language): a forward only with a forward subject. */
export const isOriginalSeparator = (line: string) => ORIGINAL_SEPARATOR.test(line);
export type ForwardHeaders = { from: string | null; date: string | null; subject: string | null; to: string | null };
/** One header line ("From: …", "De : …", "发件人： …"), or null; `loose` accepts keys we do not know. */
export function forwardHeaderLine(line: string, loose = false): { field: "from" | "date" | "subject" | "to" | "cc" | "other"; value: string } | null {
  return headerOf(line, loose);
}
/** Whether these lines hold a reply's quote boundary: an attribution, or a header block ("From: … Sent: …"). */
export function quotesBefore(lines: string[]): boolean {
  return lines.some((l, i) => isAttribution(l.trim()) || (headerOf(l)?.field === "from" && headerBlock(lines, i) !== null));
}
/** Lines that are a header block (a sender, and a date or a subject) — all of them headers or blank. */
export function readHeaderLines(lines: string[]): ForwardHeaders | null {
  const block = headerBlock(lines, 0);
  if (!block || lines.slice(block.end).some((l) => l.trim())) return null;
  const h = block.headers;
  return { from: h.from ?? null, date: h.date || null, subject: h.subject || null, to: h.to || null };
}

/** "Jane Doe <jane@example.com>", "Jane Doe [mailto:jane@example.com]", "<jane@…>", "jane@…", '"Doe, Jane" <…>'. */
export function parseSender(value: string): { name?: string; address: string } | null {
  const m = /^(.*?)\s*[<[](?:mailto:)?([^\s<>[\]]+@[^\s<>[\]]+)[>\]]\s*$/i.exec(value.trim());
  let name: string;
  let address: string;
  if (m) {
    name = m[1]!;
    address = m[2]!;
  } else {
    const bare = /[^\s<>()"',;[\]]+@[^\s<>()"',;[\]]+\.[^\s<>()"',;[\]]+/.exec(value);
    if (!bare) return null;
    address = bare[0];
    name = value.replace(bare[0], "").replace(/[<>()[\]]/g, "");
  }
  name = name.replace(/^["'\s]+|["'\s]+$/g, "").trim();
  address = address.replace(/^mailto:/i, "").trim();
  return name && name.toLowerCase() !== address.toLowerCase() ? { name, address } : { address };
}

/** Lines that are a device's signature, not something the forwarder wrote. */
const DEVICE_SIGNATURE = /^(sent from my|sent from|get outlook for|envoyé de mon|gesendet von meinem|von meinem .* gesendet|enviado desde mi|enviado do meu|verzonden vanaf mijn|inviato da|отправлено с|发自我的)\b.*$/i;

/** What ends a note and is no part of it: a rule, or a separator in any language ("----- Přeposlaná zpráva -----"). */
const isSeparator = (l: string) => /^\s*[-_=*]{3,}\s*$/.test(l) || /^\s*-{3,}[^-]{2,60}-{3,}\s*$/.test(l) || FORWARD_SEPARATOR.test(l) || ORIGINAL_SEPARATOR.test(l);

function noteOf(lines: string[]): string {
  const kept = lines.filter((l) => !DEVICE_SIGNATURE.test(l.trim()));
  while (kept.length && (!kept.at(-1)!.trim() || isSeparator(kept.at(-1)!))) kept.pop();
  return kept.join("\n").trim();
}

function build(lines: string[], noteEnd: number, block: Block | null, bodyStart: number, unquoted = false): ForwardedMail {
  let rest = lines.slice(bodyStart);
  // Apple Mail and iOS quote the forward with "> ": one level comes off, the original's own quotes stay.
  const quotedHead = !unquoted && block ? lines.slice(noteEnd + 1, block.end).some((l) => /^>/.test(l)) : false;
  if (quotedHead) rest = rest.map(unquoteOnce);
  // Missive quotes the whole forwarded body under plain headers: all of it quoted is the body, not history.
  if (rest.some((l) => l.trim()) && rest.every((l) => !l.trim() || /^\s*>/.test(l))) rest = rest.map(unquoteOnce);
  while (rest.length && !rest[0]!.trim()) rest.shift();
  const h = block?.headers ?? {};
  return {
    note: noteOf(lines.slice(0, noteEnd)),
    original: {
      from: h.from ? parseSender(h.from) : null,
      date: h.date || null,
      subject: h.subject || null,
      to: h.to || null,
      body: rest.join("\n").trimEnd(),
    },
  };
}

type Verdict = { kind: "forward"; mail: ForwardedMail } | { kind: "reply" } | null;

/**
 * Our own rules: a forward, a reply (a quote or a reply's header block comes before any forward),
 * or null when they see neither. `forwardSubject` lets a bare Outlook header block count.
 */
function ownRules(lines: string[], forwardSubject: boolean): Verdict {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Apple Mail's HTML puts "Begin forwarded message:" inside its quote, so the text part can be all "> ".
    const depth = /^(\s*>)+/.exec(line)?.[0].replace(/\s/g, "").length ?? 0;
    const bare = depth ? line.replace(/^(\s*>)+\s?/, "") : line;
    if (FORWARD_SEPARATOR.test(bare)) {
      // Below the separator Apple Mail quotes the headers and body once more ("> From: …"): the header
      // block is read without it, and build() takes that level off the body too.
      const strip = depth ? new RegExp(`^(\\s*>){${depth}} ?`) : /^> ?/;
      const unquoted = lines.map((l, j) => (j > i ? l.replace(strip, "") : l));
      const block = headerBlock(unquoted, i + 1);
      return { kind: "forward", mail: build(depth ? unquoted : lines, i, block, block ? block.end : i + 1, depth > 0) };
    }
    // An attribution before any forward: a reply (perhaps of a forward), not ours to card.
    // Clients wrap long attributions: "On Mon, 3 Jun 2024, Jane <jane@…>" / "wrote:".
    const wrapped = i > 0 && ATTRIBUTION_END.test(line.trim()) && isAttribution(`${lines[i - 1]!.trim()} ${line.trim()}`);
    if (isAttribution(line.trim()) || wrapped) return { kind: "reply" };
    // A quote with no attribution and no separator we know: the library may know its layout
    // ("> Začátek přeposílané zprávy:"); it reads only headers, so a bare quoted reply stays a reply.
    if (depth) return null;
    // A framed line in another language counts as a forward only when a header block follows.
    if (FRAMED_LINE.test(line) && !ORIGINAL_SEPARATOR.test(line)) {
      const block = headerBlock(lines, i + 1);
      if (block) return { kind: "forward", mail: build(lines, i, block, block.end) };
    }
    const separator = ORIGINAL_SEPARATOR.test(line) || RULE.test(line);
    const block = headerBlock(lines, separator ? i + 1 : i);
    if (block && (separator || headerOf(line)?.field === "from")) {
      // Outlook lays out replies and forwards alike: only the subject tells them apart.
      return forwardSubject ? { kind: "forward", mail: build(lines, i, block, block.end) } : { kind: "reply" };
    }
  }
  return null;
}

const library = new EmailForwardParser();

/** Crisp's parser, for the layouts and languages our rules do not know. */
function libraryRead(text: string, subject: string | null): ForwardedMail | null {
  let r;
  try {
    r = library.read(text, subject ?? undefined);
  } catch {
    return null;
  }
  if (!r.forwarded || r.email.body === undefined) return null;
  const address = r.email.from?.address ?? null;
  const name = r.email.from?.name?.trim() || undefined;
  const to = ([] as { address: string | null; name: string | null }[])
    .concat(r.email.to ?? [])
    .map((m) => (m.name ? (m.address ? `${m.name} <${m.address}>` : m.name) : (m.address ?? "")))
    .filter(Boolean)
    .join(", ");
  return {
    note: noteOf((r.message ?? "").split("\n")),
    original: {
      from: address ? (name && name !== address ? { name, address } : { address }) : null,
      date: r.email.date?.trim() || null,
      subject: r.email.subject?.trim() || null,
      to: to || null,
      body: r.email.body.trim(),
    },
  };
}

/**
 * The forward in a plain-text mail, or null when it is not one. Only a real forward counts: the
 * subject starts with a forward prefix, or the body has a forward separator before any quote.
 * A reply with its quoted history, whatever the client, is null.
 */
export function readForward(text: string, subject: string | null): ForwardedMail | null {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const own = ownRules(lines, FORWARD_SUBJECT.test(subject ?? ""));
  if (own?.kind === "reply") return null;
  // Our rules understood the whole header block: their body keeps the original's quote marks.
  if (own?.mail.original.from) return own.mail;
  return libraryRead(text, subject) ?? own?.mail ?? null;
}

/** The first words of `text`, on one line, cut at a word. */
function firstWords(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(" ") > max / 2 ? cut.lastIndexOf(" ") : max).trimEnd()}…`;
}

/**
 * The list preview of a forward: the forwarder's note if they wrote one, else who the original
 * is from and how it begins ("Fwd: Maya Lindqvist: Hi Tom, the invoice…"). Null when not a forward.
 */
export function forwardPreview(text: string, subject: string | null): string | null {
  const f = readForward(text, subject);
  if (!f) return null;
  if (f.note) return firstWords(f.note, 500);
  const from = f.original.from;
  const who = from ? (from.name ?? from.address) : null;
  const words = firstWords(f.original.body) || f.original.subject || "";
  return who ? `Fwd: ${who}: ${words}`.trimEnd() : `Fwd: ${words}`.trimEnd();
}
