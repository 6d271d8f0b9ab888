/**
 * Our own forwarded-mail cases (written by us, in our own words, imitating how each client lays
 * out a plain-text forward), plus replies that must not be taken for forwards. They feed
 * forwarded.test.ts and the library comparison in the report.
 */
export type ForwardCase = {
  name: string;
  client: string;
  /** BCP 47 tag of the forwarding client's language. */
  language: string;
  subject: string | null;
  text: string;
  /** null: not a forward (a reply with its quote, or a plain mail). */
  expect: {
    note: string;
    from: { name?: string; address: string } | null;
    date: string | null;
    subject: string | null;
    /** The original body begins with this (whitespace-insensitive). */
    bodyStarts: string;
  } | null;
};

export const FORWARD_CASES: ForwardCase[] = [
  {
    name: "Gmail, English, with a note",
    client: "Gmail",
    language: "en",
    subject: "Fwd: Invoice 2231 is wrong",
    text: `Can someone on billing look at this? She wrote to me directly.

---------- Forwarded message ---------
From: Maya Lindqvist <maya@example.com>
Date: Tue, 4 Jun 2024 at 09:12
Subject: Invoice 2231 is wrong
To: Tom Berger <tom@acme.test>


Hi Tom,
the invoice counts three seats, we have two.

Thanks, Maya`,
    expect: {
      note: "Can someone on billing look at this? She wrote to me directly.",
      from: { name: "Maya Lindqvist", address: "maya@example.com" },
      date: "Tue, 4 Jun 2024 at 09:12",
      subject: "Invoice 2231 is wrong",
      bodyStarts: "Hi Tom, the invoice counts three seats",
    },
  },
  {
    name: "Gmail, English, no note, original has its own quote",
    client: "Gmail",
    language: "en",
    subject: "Fwd: Re: Export fails",
    text: `---------- Forwarded message ---------
From: Ravi Nair <ravi@example.com>
Date: Wed, 5 Jun 2024 at 14:40
Subject: Re: Export fails
To: <help@acme.test>


Still failing today.

On Mon, 3 Jun 2024 at 10:00, Acme Help <help@acme.test> wrote:
> Could you try again?
`,
    expect: {
      note: "",
      from: { name: "Ravi Nair", address: "ravi@example.com" },
      date: "Wed, 5 Jun 2024 at 14:40",
      subject: "Re: Export fails",
      bodyStarts: "Still failing today. On Mon, 3 Jun 2024 at 10:00, Acme Help <help@acme.test> wrote: > Could you try again?",
    },
  },
  {
    name: "Gmail, German",
    client: "Gmail",
    language: "de",
    subject: "Fwd: Lieferung fehlt",
    text: `Bitte übernehmen.

---------- Weitergeleitete Nachricht ---------
Von: Jonas Krüger <jonas.krueger@example.com>
Date: Do., 6. Juni 2024 um 08:15 Uhr
Subject: Lieferung fehlt
To: <service@acme.test>


Guten Tag,
meine Bestellung ist nicht angekommen.`,
    expect: {
      note: "Bitte übernehmen.",
      from: { name: "Jonas Krüger", address: "jonas.krueger@example.com" },
      date: "Do., 6. Juni 2024 um 08:15 Uhr",
      subject: "Lieferung fehlt",
      bodyStarts: "Guten Tag, meine Bestellung ist nicht angekommen.",
    },
  },
  {
    name: "Gmail, French",
    client: "Gmail",
    language: "fr",
    subject: "Fwd: Accès bloqué",
    text: `---------- Message transféré ---------
De : Claire Dubois <claire.dubois@example.com>
Date: ven. 7 juin 2024 à 11:02
Subject: Accès bloqué
To: <support@acme.test>


Bonjour, je ne peux plus me connecter depuis hier.`,
    expect: {
      note: "",
      from: { name: "Claire Dubois", address: "claire.dubois@example.com" },
      date: "ven. 7 juin 2024 à 11:02",
      subject: "Accès bloqué",
      bodyStarts: "Bonjour, je ne peux plus me connecter",
    },
  },
  {
    name: "Gmail, Spanish",
    client: "Gmail",
    language: "es",
    subject: "Fwd: Pedido duplicado",
    text: `Ojo, es cliente grande.

---------- Mensaje reenviado ---------
De: Lucía Romero <lucia.romero@example.com>
Date: lun, 10 jun 2024 a las 16:30
Subject: Pedido duplicado
To: <ventas@acme.test>


Hola, me cobraron dos veces el mismo pedido.`,
    expect: {
      note: "Ojo, es cliente grande.",
      from: { name: "Lucía Romero", address: "lucia.romero@example.com" },
      date: "lun, 10 jun 2024 a las 16:30",
      subject: "Pedido duplicado",
      bodyStarts: "Hola, me cobraron dos veces",
    },
  },
  {
    name: "Gmail, Portuguese (Brazil)",
    client: "Gmail",
    language: "pt-BR",
    subject: "Fwd: Nota fiscal",
    text: `---------- Mensagem encaminhada ---------
De: Bruno Costa <bruno.costa@example.com>
Date: ter., 11 de jun. de 2024 às 10:05
Subject: Nota fiscal
To: <financeiro@acme.test>


Olá, preciso da nota fiscal de maio.`,
    expect: {
      note: "",
      from: { name: "Bruno Costa", address: "bruno.costa@example.com" },
      date: "ter., 11 de jun. de 2024 às 10:05",
      subject: "Nota fiscal",
      bodyStarts: "Olá, preciso da nota fiscal de maio.",
    },
  },
  {
    name: "Gmail, Dutch",
    client: "Gmail",
    language: "nl",
    subject: "Fwd: Factuur klopt niet",
    text: `Zie hieronder.

---------- Doorgestuurd bericht ---------
Van: Sanne de Vries <sanne@example.com>
Date: wo 12 jun. 2024 om 13:45
Subject: Factuur klopt niet
To: <support@acme.test>


Hallo, het bedrag op de factuur is te hoog.`,
    expect: {
      note: "Zie hieronder.",
      from: { name: "Sanne de Vries", address: "sanne@example.com" },
      date: "wo 12 jun. 2024 om 13:45",
      subject: "Factuur klopt niet",
      bodyStarts: "Hallo, het bedrag op de factuur is te hoog.",
    },
  },
  {
    name: "Gmail, Russian",
    client: "Gmail",
    language: "ru",
    subject: "Fwd: Не приходит письмо",
    text: `---------- Пересылаемое сообщение ---------
От: Ольга Смирнова <olga@example.com>
Date: чт, 13 июн. 2024 г. в 09:30
Subject: Не приходит письмо
To: <support@acme.test>


Здравствуйте, письмо с паролем не приходит.`,
    expect: {
      note: "",
      from: { name: "Ольга Смирнова", address: "olga@example.com" },
      date: "чт, 13 июн. 2024 г. в 09:30",
      subject: "Не приходит письмо",
      bodyStarts: "Здравствуйте, письмо с паролем не приходит.",
    },
  },
  {
    name: "Gmail, Chinese",
    client: "Gmail",
    language: "zh-CN",
    subject: "Fwd: 无法登录",
    text: `请处理一下。

---------- 转发的邮件 ---------
发件人： 王芳 <wang.fang@example.com>
Date: 2024年6月14日周五 上午10:20
Subject: 无法登录
To: <support@acme.test>


你好，我昨天开始无法登录账户。`,
    expect: {
      note: "请处理一下。",
      from: { name: "王芳", address: "wang.fang@example.com" },
      date: "2024年6月14日周五 上午10:20",
      subject: "无法登录",
      bodyStarts: "你好，我昨天开始无法登录账户。",
    },
  },
  {
    name: "Outlook desktop, English, Original Message separator, FW subject",
    client: "Outlook 2016",
    language: "en",
    subject: "FW: Contract renewal",
    text: `Forwarding for the account team.

-----Original Message-----
From: Peter Hall [mailto:peter.hall@example.com]
Sent: Monday, June 17, 2024 8:05 AM
To: Sales <sales@acme.test>
Subject: Contract renewal

Hello, our contract ends in July. Can we renew for two years?`,
    expect: {
      note: "Forwarding for the account team.",
      from: { name: "Peter Hall", address: "peter.hall@example.com" },
      date: "Monday, June 17, 2024 8:05 AM",
      subject: "Contract renewal",
      bodyStarts: "Hello, our contract ends in July.",
    },
  },
  {
    name: "Outlook 365, English, rule and header block, FW subject",
    client: "Outlook 365",
    language: "en",
    subject: "FW: Damaged parcel",
    text: `See below – photos attached by the customer.

________________________________
From: Aisha Khan <aisha.khan@example.com>
Sent: Tuesday, June 18, 2024 3:22 PM
To: support@acme.test <support@acme.test>
Subject: Damaged parcel

The box arrived crushed and the lamp is broken.`,
    expect: {
      note: "See below – photos attached by the customer.",
      from: { name: "Aisha Khan", address: "aisha.khan@example.com" },
      date: "Tuesday, June 18, 2024 3:22 PM",
      subject: "Damaged parcel",
      bodyStarts: "The box arrived crushed",
    },
  },
  {
    name: "Outlook, German, WG subject",
    client: "Outlook 2019",
    language: "de",
    subject: "WG: Rückerstattung",
    text: `Zur Info.

Von: Lena Hoffmann <lena.hoffmann@example.com>
Gesendet: Mittwoch, 19. Juni 2024 10:11
An: Kundenservice <service@acme.test>
Betreff: Rückerstattung

Hallo, wann bekomme ich mein Geld zurück?`,
    expect: {
      note: "Zur Info.",
      from: { name: "Lena Hoffmann", address: "lena.hoffmann@example.com" },
      date: "Mittwoch, 19. Juni 2024 10:11",
      subject: "Rückerstattung",
      bodyStarts: "Hallo, wann bekomme ich mein Geld zurück?",
    },
  },
  {
    name: "Outlook, French, TR subject",
    client: "Outlook 2019",
    language: "fr",
    subject: "TR: Résiliation",
    text: `________________________________
De : Julien Martin <julien.martin@example.com>
Envoyé : jeudi 20 juin 2024 17:48
À : Support <support@acme.test>
Objet : Résiliation

Bonjour, je souhaite résilier mon abonnement.`,
    expect: {
      note: "",
      from: { name: "Julien Martin", address: "julien.martin@example.com" },
      date: "jeudi 20 juin 2024 17:48",
      subject: "Résiliation",
      bodyStarts: "Bonjour, je souhaite résilier mon abonnement.",
    },
  },
  {
    name: "Outlook, Spanish, Mensaje original separator, RV subject",
    client: "Outlook 2016",
    language: "es",
    subject: "RV: Garantía",
    text: `Para ti.

-----Mensaje original-----
De: Diego Fernández <diego@example.com>
Enviado el: viernes, 21 de junio de 2024 9:00
Para: soporte@acme.test
Asunto: Garantía

¿La garantía cubre la batería?`,
    expect: {
      note: "Para ti.",
      from: { name: "Diego Fernández", address: "diego@example.com" },
      date: "viernes, 21 de junio de 2024 9:00",
      subject: "Garantía",
      bodyStarts: "¿La garantía cubre la batería?",
    },
  },
  {
    name: "Outlook, Portuguese, ENC subject",
    client: "Outlook 365",
    language: "pt-BR",
    subject: "ENC: Troca de produto",
    text: `________________________________
De: Ana Souza <ana.souza@example.com>
Enviado: segunda-feira, 24 de junho de 2024 11:30
Para: suporte@acme.test <suporte@acme.test>
Assunto: Troca de produto

Quero trocar o tamanho do tênis.`,
    expect: {
      note: "",
      from: { name: "Ana Souza", address: "ana.souza@example.com" },
      date: "segunda-feira, 24 de junho de 2024 11:30",
      subject: "Troca de produto",
      bodyStarts: "Quero trocar o tamanho do tênis.",
    },
  },
  {
    name: "Apple Mail, English, quoted headers",
    client: "Apple Mail",
    language: "en",
    subject: "Fwd: App crashes on start",
    text: `FYI, this came in over the weekend.

Begin forwarded message:

> From: Noah Williams <noah.w@example.com>
> Subject: App crashes on start
> Date: 22 June 2024 at 19:04:11 CEST
> To: help@acme.test
>
> Since the update the app closes right away.
> iPhone 13, iOS 17.5.`,
    expect: {
      note: "FYI, this came in over the weekend.",
      from: { name: "Noah Williams", address: "noah.w@example.com" },
      date: "22 June 2024 at 19:04:11 CEST",
      subject: "App crashes on start",
      bodyStarts: "Since the update the app closes right away. iPhone 13, iOS 17.5.",
    },
  },
  {
    name: "Apple Mail, German",
    client: "Apple Mail",
    language: "de",
    subject: "WG: Passwort",
    text: `Anfang der weitergeleiteten Nachricht:

Von: Felix Bauer <felix.bauer@example.com>
Betreff: Passwort
Datum: 25. Juni 2024 um 07:50:02 MESZ
An: service@acme.test

Ich kann mein Passwort nicht zurücksetzen.`,
    expect: {
      note: "",
      from: { name: "Felix Bauer", address: "felix.bauer@example.com" },
      date: "25. Juni 2024 um 07:50:02 MESZ",
      subject: "Passwort",
      bodyStarts: "Ich kann mein Passwort nicht zurücksetzen.",
    },
  },
  {
    name: "iOS Mail, French",
    client: "iOS Mail",
    language: "fr",
    subject: "Tr: Colis perdu",
    text: `Envoyé de mon iPhone

Début du message réexpédié :

> De: Emma Laurent <emma.laurent@example.com>
> Date: 26 juin 2024 à 12:15:40 UTC+2
> À: support@acme.test
> Objet: Colis perdu
>
> Mon colis est indiqué livré mais je ne l'ai pas reçu.`,
    expect: {
      // A device signature is not a note: the card (and the preview) leave it out.
      note: "",
      from: { name: "Emma Laurent", address: "emma.laurent@example.com" },
      date: "26 juin 2024 à 12:15:40 UTC+2",
      subject: "Colis perdu",
      bodyStarts: "Mon colis est indiqué livré",
    },
  },
  {
    name: "Thunderbird, English",
    client: "Thunderbird",
    language: "en",
    subject: "Fwd: Licence key",
    text: `Please resend her key.

-------- Forwarded Message --------
Subject: 	Licence key
Date: 	Thu, 27 Jun 2024 10:44:01 +0200
From: 	Grace Obi <grace.obi@example.com>
To: 	licences@acme.test

I lost my licence key, could you send it again?`,
    expect: {
      note: "Please resend her key.",
      from: { name: "Grace Obi", address: "grace.obi@example.com" },
      date: "Thu, 27 Jun 2024 10:44:01 +0200",
      subject: "Licence key",
      bodyStarts: "I lost my licence key",
    },
  },
  {
    name: "Thunderbird, German",
    client: "Thunderbird",
    language: "de",
    subject: "WG: Rechnung",
    text: `-------- Weitergeleitete Nachricht --------
Betreff: 	Rechnung
Datum: 	Fri, 28 Jun 2024 15:02:33 +0200
Von: 	Paul Schmidt <paul.schmidt@example.com>
An: 	buchhaltung@acme.test

Bitte senden Sie mir die Rechnung als PDF.`,
    expect: {
      note: "",
      from: { name: "Paul Schmidt", address: "paul.schmidt@example.com" },
      date: "Fri, 28 Jun 2024 15:02:33 +0200",
      subject: "Rechnung",
      bodyStarts: "Bitte senden Sie mir die Rechnung als PDF.",
    },
  },
  {
    name: "Yahoo Mail, English",
    client: "Yahoo Mail",
    language: "en",
    subject: "Fw: Wrong size delivered",
    text: `Can you help my mother with this?

----- Forwarded Message -----
From: Helen Park <helen.park@example.com>
To: Kim Park <kim.park@example.com>
Sent: Saturday, June 29, 2024, 06:12:45 PM GMT+1
Subject: Wrong size delivered

I ordered a medium and got a small.`,
    expect: {
      note: "Can you help my mother with this?",
      from: { name: "Helen Park", address: "helen.park@example.com" },
      date: "Saturday, June 29, 2024, 06:12:45 PM GMT+1",
      subject: "Wrong size delivered",
      bodyStarts: "I ordered a medium and got a small.",
    },
  },
  {
    name: "Outlook rendered through Gmail plain text, bold headers",
    client: "Outlook (HTML to text)",
    language: "en",
    subject: "FW: Outage this morning",
    text: `Adding support.

*From:* Omar Haddad <omar.haddad@example.com>
*Sent:* Monday, July 1, 2024 7:30 AM
*To:* Ops <ops@acme.test>
*Subject:* Outage this morning

The dashboard was down from 6 to 7.`,
    expect: {
      note: "Adding support.",
      from: { name: "Omar Haddad", address: "omar.haddad@example.com" },
      date: "Monday, July 1, 2024 7:30 AM",
      subject: "Outage this morning",
      bodyStarts: "The dashboard was down from 6 to 7.",
    },
  },
  {
    name: "Outlook, Russian, Fwd subject",
    client: "Outlook 365",
    language: "ru",
    subject: "FW: Возврат",
    text: `________________________________
От: Иван Петров <ivan.petrov@example.com>
Отправлено: 2 июля 2024 г. 12:00
Кому: support@acme.test
Тема: Возврат

Добрый день, хочу вернуть товар.`,
    expect: {
      note: "",
      from: { name: "Иван Петров", address: "ivan.petrov@example.com" },
      date: "2 июля 2024 г. 12:00",
      subject: "Возврат",
      bodyStarts: "Добрый день, хочу вернуть товар.",
    },
  },
  {
    name: "Outlook, Chinese, 转发 subject",
    client: "Outlook 365",
    language: "zh-CN",
    subject: "转发: 退款",
    text: `________________________________
发件人: 李伟 <li.wei@example.com>
发送时间: 2024年7月3日 9:15
收件人: support@acme.test
主题: 退款

您好，我想申请退款。`,
    expect: {
      note: "",
      from: { name: "李伟", address: "li.wei@example.com" },
      date: "2024年7月3日 9:15",
      subject: "退款",
      bodyStarts: "您好，我想申请退款。",
    },
  },
  {
    name: "Gmail, sender without a name",
    client: "Gmail",
    language: "en",
    subject: "Fwd: question",
    text: `---------- Forwarded message ---------
From: <nobody.named@example.com>
Date: Thu, 4 Jul 2024 at 08:00
Subject: question
To: <help@acme.test>


Do you ship to Norway?`,
    expect: {
      note: "",
      from: { address: "nobody.named@example.com" },
      date: "Thu, 4 Jul 2024 at 08:00",
      subject: "question",
      bodyStarts: "Do you ship to Norway?",
    },
  },
  {
    name: "Gmail, a note that ends in 'wrote:' is still a note",
    client: "Gmail",
    language: "en",
    subject: "Fwd: Cancel my plan",
    text: `Look at what she wrote:

---------- Forwarded message ---------
From: Pia Jensen <pia@example.com>
Date: Mon, 8 Jul 2024 at 12:00
Subject: Cancel my plan
To: <help@acme.test>


Please cancel my plan at the end of the month.`,
    expect: {
      note: "Look at what she wrote:",
      from: { name: "Pia Jensen", address: "pia@example.com" },
      date: "Mon, 8 Jul 2024 at 12:00",
      subject: "Cancel my plan",
      bodyStarts: "Please cancel my plan",
    },
  },
  // --- not forwards ---
  {
    name: "Gmail reply with quote",
    client: "Gmail",
    language: "en",
    subject: "Re: Invoice 2231 is wrong",
    text: `Thanks, that fixed it.

On Tue, 4 Jun 2024 at 09:12, Acme Billing <billing@acme.test> wrote:
> We corrected the seat count.`,
    expect: null,
  },
  {
    name: "Outlook reply with Original Message block",
    client: "Outlook 2016",
    language: "en",
    subject: "RE: Contract renewal",
    text: `Two years is fine.

-----Original Message-----
From: Sales [mailto:sales@acme.test]
Sent: Monday, June 17, 2024 9:00 AM
To: Peter Hall <peter.hall@example.com>
Subject: RE: Contract renewal

Shall we renew for one or two years?`,
    expect: null,
  },
  {
    name: "Outlook 365 German reply with header block",
    client: "Outlook 365",
    language: "de",
    subject: "AW: Rückerstattung",
    text: `Danke!

________________________________
Von: Kundenservice <service@acme.test>
Gesendet: Mittwoch, 19. Juni 2024 11:00
An: Lena Hoffmann <lena.hoffmann@example.com>
Betreff: AW: Rückerstattung

Die Erstattung ist unterwegs.`,
    expect: null,
  },
  {
    name: "French reply with attribution",
    client: "Thunderbird",
    language: "fr",
    subject: "Re: Résiliation",
    text: `Parfait, merci.

Le 20/06/2024 à 18:00, Support a écrit :
> Votre abonnement est résilié.`,
    expect: null,
  },
  {
    name: "Reply to a forward (subject Re: Fwd:) with a Gmail quote",
    client: "Gmail",
    language: "en",
    subject: "Re: Fwd: Export fails",
    text: `We fixed the export, please try again.

On Thu, 6 Jun 2024 at 09:00, Ravi Nair <ravi@example.com> wrote:
> Still failing today.`,
    expect: null,
  },
  {
    name: "Reply with its attribution wrapped over two lines, the quoted forward below it unmarked (HTML turned to text)",
    client: "Gmail",
    language: "en",
    subject: "Re: Fwd: Cancel my plan",
    text: `Cancelled, thanks.

On Mon, 8 Jul 2024 at 13:00, Tom Berger <tom@acme.test>
wrote:

---------- Forwarded message ---------
From: Pia Jensen <pia@example.com>
Date: Mon, 8 Jul 2024 at 12:00
Subject: Cancel my plan

Please cancel my plan.`,
    expect: null,
  },
  {
    name: "Plain mail that mentions forwarding",
    client: "Apple Mail",
    language: "en",
    subject: "Forwarding address",
    text: `Hi, I moved. Can you set a forwarding address for my parcels?
From: my old flat to my new one.`,
    expect: null,
  },
  {
    name: "Outlook reply without subject prefix",
    client: "Outlook 2019",
    language: "en",
    subject: null,
    text: `Yes, please.

From: Acme Help <help@acme.test>
Sent: Friday, July 5, 2024 10:00 AM
To: Zoe Adams <zoe@example.com>
Subject: Your question

Shall we call you?`,
    expect: null,
  },
];
