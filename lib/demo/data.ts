// The demo workspace's people and conversations. Kept apart from the seeding logic so the
// story can be edited without touching how it is stored.

export const DEMO_PASSWORD = "demo-password";

export type AgentKey = "ana" | "ben" | "chloe" | "david" | "emma";
export type TeamKey = "billing" | "sales";
export type InboxKey = "web" | "mobile" | "partners";
export type LabelKey = "refund" | "vip" | "bug" | "feature";

export const DEMO_AGENTS: Record<AgentKey, { name: string; email: string }> = {
  ana: { name: "Ana Souza", email: "ana@demo.konversio.test" },
  ben: { name: "Ben Okafor", email: "ben@demo.konversio.test" },
  chloe: { name: "Chloé Martin", email: "chloe@demo.konversio.test" },
  david: { name: "David Kim", email: "david@demo.konversio.test" },
  emma: { name: "Emma Larsen", email: "emma@demo.konversio.test" },
};

export const DEMO_TEAMS: Record<TeamKey, { name: string; description: string; members: AgentKey[] }> = {
  billing: { name: "Billing", description: "Invoices, refunds and plan changes", members: ["ana", "ben"] },
  sales: { name: "Sales", description: "Pre-sales questions, upgrades and partner deals", members: ["chloe", "david"] },
};

export const DEMO_INBOXES: Record<InboxKey, { name: string; agents: AgentKey[]; teams: TeamKey[] }> = {
  web: { name: "Acme Web Chat API", agents: ["ana", "emma"], teams: ["billing"] },
  mobile: { name: "Mobile app", agents: ["emma"], teams: ["billing", "sales"] },
  partners: { name: "Partners API", agents: ["david"], teams: ["sales"] },
};

export const DEMO_LABELS: Record<LabelKey, { name: string; color: string; description: string }> = {
  refund: { name: "Refund", color: "#dc2626", description: "The customer asks for money back" },
  vip: { name: "VIP", color: "#7c3aed", description: "Partner accounts with a priority line" },
  bug: { name: "Bug", color: "#ea580c", description: "Something in the product is broken" },
  feature: { name: "Feature request", color: "#0284c7", description: "Ideas passed on to the product team" },
};

/** The web chat keeps office hours (with a lunch break and the holidays around new year); the other inboxes are always open. */
export const DEMO_BUSINESS_HOURS: { inbox: InboxKey; timezone: string; schedule: Record<string, { from: string; to: string }[]>; holidays: (year: number) => string[] } = {
  inbox: "web",
  timezone: "Europe/Berlin",
  schedule: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from: "09:00", to: "12:30" }, { from: "13:30", to: "18:00" }]]),
  ),
  holidays: (year) => [`${year}-12-24`, `${year}-12-25`, `${year}-12-26`, `${year}-12-31`, `${year + 1}-01-01`],
};

/**
 * Three rules a newcomer can watch work. They are saved before the conversations are played, so
 * the demo's own arrivals run through them (refunds reach Billing with the Refund label, partner
 * mail is prioritised) and each rule has a run log. Teams, labels and inboxes are keys here; the
 * seed turns them into ids.
 */
export type DemoRule = {
  name: string;
  description: string;
  event: "conversation.created" | "message.received" | "time";
  inboxes: InboxKey[];
  conditions: { field: string; operator: string; value: unknown }[];
  actions: (
    | { type: "assign_team"; team: TeamKey }
    | { type: "add_labels"; labels: LabelKey[] }
    | { type: "set_priority"; priority: "high" }
    | { type: "send_message"; content: string }
    | { type: "set_status"; status: "resolved" }
  )[];
  oncePerConversation?: boolean;
};

export const DEMO_RULES: DemoRule[] = [
  {
    name: "Refunds",
    description: "Refund requests go to Billing, labelled, in the inboxes Billing works in.",
    event: "message.received",
    inboxes: ["web", "mobile"],
    conditions: [{ field: "content", operator: "contains", value: "refund" }],
    actions: [{ type: "assign_team", team: "billing" }, { type: "add_labels", labels: ["refund"] }],
  },
  {
    name: "VIP customers",
    description: "Partner accounts get high priority and the VIP label when they open a conversation.",
    event: "conversation.created",
    inboxes: [],
    conditions: [{ field: "contact.emailDomain", operator: "in", value: ["northwind.example", "globex.example"] }],
    actions: [{ type: "set_priority", priority: "high" }, { type: "add_labels", labels: ["vip"] }],
  },
  {
    name: "Close quiet pending",
    description: "Pending conversations we answered three days ago without a word back are closed politely.",
    event: "time",
    inboxes: [],
    conditions: [
      { field: "status", operator: "in", value: ["pending"] },
      { field: "minutesSinceLastOutgoing", operator: "gte", value: 4320 },
    ],
    actions: [
      {
        type: "send_message",
        content: "Hi {{contact.firstName | there}}, we haven't heard back in a few days, so we're closing this conversation. Just reply if you still need help and it opens again.",
      },
      { type: "set_status", status: "resolved" },
    ],
    oncePerConversation: true,
  },
];

export type DemoContact = { sourceId: string; name?: string; email?: string; phone?: string };

const c = (sourceId: string, name?: string, email?: string, phone?: string): DemoContact => ({ sourceId, name, email, phone });

export const DEMO_CONTACTS = {
  maria: c("web-user-1042", "Maria Garcia", "maria.garcia@example.com"),
  james: c("web-user-1077", "James Wilson", "james.wilson@example.org"),
  priya: c("web-user-1103", "Priya Patel", "priya@patel-design.example", "+44 20 7946 0321"),
  fatima: c("web-user-1150", "Fatima Zahra", "fatima.zahra@example.com"),
  tom: c("web-user-1188", "Tom Müller", "tom.mueller@example.de", "+49 30 901820"),
  elena: c("web-user-1201", "Elena Petrova", "elena@brightlane.example"),
  guest: c("web-visitor-8f3a2c"),
  lukas: c("app-install-5531", "Lukas Becker", "lukas.becker@example.de"),
  sofia: c("app-install-5602", "Sofia Rossi", "sofia.rossi@example.it", "+39 06 6988 1234"),
  kenji: c("app-install-5647", "Kenji Tanaka", "kenji.tanaka@example.jp"),
  amara: c("app-install-5710", "Amara Nwosu", "amara@nwosu-consulting.example"),
  noah: c("app-install-5788", "Noah Smith", "noah.smith@example.com"),
  chen: c("app-install-5823", "Chen Wei", "chen.wei@example.com"),
  grace: c("app-install-5861", "Grace Lee", "grace.lee@example.com"),
  olivia: c("partner-northwind", "Olivia Brown (Northwind Traders)", "olivia.brown@northwind.example"),
  hank: c("partner-globex", "Hank Scorpio (Globex)", "hank@globex.example"),
  peter: c("partner-initech", "Peter Gibbons (Initech)", "peter.gibbons@initech.example", "+1 512 555 0142"),
  rosa: c("partner-vandelay", "Rosa Diaz (Vandelay Industries)", "rosa.diaz@vandelay.example"),
} satisfies Record<string, DemoContact>;

export type ContactKey = keyof typeof DEMO_CONTACTS;

/** in: from the contact; out: an agent's reply; note: a private note. */
export type Line = ["in", string] | ["out" | "note", AgentKey, string];

export type DemoConversation = {
  inbox: InboxKey;
  contact: ContactKey;
  /** When the contact first wrote. */
  hoursAgo: number;
  lines: Line[];
  status: "open" | "pending" | "snoozed" | "resolved";
  /** For snoozed conversations: when they wake up. */
  snoozeHours?: number;
  assignee?: AgentKey;
  team?: TeamKey;
  priority?: "low" | "medium" | "high" | "urgent";
  /** Labels an agent put on it (rules add theirs on arrival). */
  labels?: LabelKey[];
};

export const DEMO_CONVERSATIONS: DemoConversation[] = [
  // Acme Web Chat API
  {
    inbox: "web", contact: "priya", hoursAgo: 200, status: "resolved", assignee: "emma",
    lines: [["in", "Hi! Can I change the email address on my account?"], ["out", "emma", "Sure, Priya — go to Profile → Email and confirm the link we send to the new address."], ["in", "Done, thanks!"]],
  },
  {
    inbox: "web", contact: "tom", hoursAgo: 120, status: "resolved", assignee: "ana",
    lines: [["in", "How do I add a teammate to our workspace?"], ["out", "ana", "Hi Tom! Settings → Members → Invite. They'll get an email with a sign-up link."], ["in", "Perfect, that worked."]],
  },
  {
    inbox: "web", contact: "maria", hoursAgo: 70, status: "resolved", assignee: "ana", team: "billing",
    lines: [
      ["in", "Hi, I was charged twice for my March invoice (INV-2291)."],
      ["out", "ana", "Sorry about that, Maria! Let me look into it right away."],
      ["note", "ana", "Duplicate charge confirmed in the payment dashboard. Refund issued for the second one."],
      ["out", "ana", "I've refunded the duplicate charge. It should show on your card within 5 business days."],
      ["in", "Thank you so much, that was quick!"],
    ],
  },
  {
    inbox: "web", contact: "tom", hoursAgo: 26, status: "snoozed", snoozeHours: 20, assignee: "emma",
    lines: [
      ["in", "Our admin account got locked after too many login attempts."],
      ["out", "emma", "I've unlocked it. Could you try again and let me know tomorrow if it happens again?"],
      ["in", "Will do, thanks."],
    ],
  },
  {
    inbox: "web", contact: "fatima", hoursAgo: 20, status: "pending", assignee: "ben", team: "billing",
    lines: [
      ["in", "Where can I download my invoices for last year?"],
      ["out", "ben", "Hi Fatima, they're under Settings → Billing → Invoices. Do you need them merged into one PDF for your accountant?"],
    ],
  },
  {
    inbox: "web", contact: "james", hoursAgo: 5, status: "open", assignee: "emma", priority: "high",
    lines: [
      ["in", "The chat widget doesn't load on Safari for our customers."],
      ["out", "emma", "Thanks for reporting, James — which Safari version are they on?"],
      ["in", "Safari 17.4 on macOS, and iOS 17 too."],
    ],
  },
  {
    inbox: "web", contact: "maria", hoursAgo: 3, status: "open", assignee: "ana", team: "billing",
    lines: [["in", "Hi again! Can I switch our plan to annual billing? We'd like the discount."]],
  },
  {
    inbox: "web", contact: "priya", hoursAgo: 1, status: "open",
    lines: [["in", "Do you offer discounts for nonprofits? We're a small charity."]],
  },
  {
    inbox: "web", contact: "elena", hoursAgo: 0.8, status: "open", priority: "medium",
    lines: [["in", "Your pricing page says 'contact us' for Enterprise — what's the ballpark for 40 agents?"]],
  },
  {
    inbox: "web", contact: "guest", hoursAgo: 0.3, status: "open",
    lines: [["in", "Hello? Is anyone there?"], ["in", "I can't find the cancel button for my trial."]],
  },

  // Mobile app
  {
    inbox: "mobile", contact: "sofia", hoursAgo: 140, status: "resolved", assignee: "emma",
    lines: [["in", "Is there a dark mode in the app?"], ["out", "emma", "Yes! Settings → Appearance → Dark. It follows your phone's setting by default."], ["in", "Oh nice 😍"]],
  },
  {
    inbox: "mobile", contact: "amara", hoursAgo: 96, status: "resolved", assignee: "ben",
    lines: [
      ["in", "The password reset email never arrives."],
      ["out", "ben", "I've re-sent it from our side. Could you check your spam folder too?"],
      ["in", "Found it in spam, thanks!"],
    ],
  },
  {
    inbox: "mobile", contact: "chen", hoursAgo: 60, status: "resolved", assignee: "chloe", team: "sales", labels: ["feature"],
    lines: [
      ["in", "Feature request: could we export chats as PDF?"],
      ["out", "chloe", "Great idea, Chen — I've passed it to our product team. It's on the roadmap for the Business plan."],
    ],
  },
  {
    inbox: "mobile", contact: "noah", hoursAgo: 48, status: "snoozed", snoozeHours: 40, assignee: "ben", team: "billing",
    lines: [
      ["in", "I bought the yearly plan by accident, can I get a refund?"],
      ["out", "ben", "No problem, Noah. I've requested the refund from the App Store; it usually takes 1–2 days."],
      ["note", "ben", "Waiting for App Store refund confirmation (case 88213)."],
    ],
  },
  {
    inbox: "mobile", contact: "grace", hoursAgo: 30, status: "resolved", assignee: "emma",
    lines: [
      ["in", "How do I delete my account?"],
      ["out", "emma", "Hi Grace, Settings → Account → Delete account. It removes your data within 30 days."],
      ["in", "ok thanks"],
    ],
  },
  {
    inbox: "mobile", contact: "sofia", hoursAgo: 30, status: "pending", assignee: "chloe", team: "sales",
    lines: [
      ["in", "I'd like to upgrade to the Team plan — what does it cost for 12 seats?"],
      ["out", "chloe", "Hi Sofia! For 12 seats the Team plan is €9 per seat per month, billed annually. Shall I prepare a quote?"],
    ],
  },
  {
    inbox: "mobile", contact: "lukas", hoursAgo: 8, status: "open", assignee: "emma", priority: "urgent", labels: ["bug"],
    lines: [
      ["in", "The app crashes every time I upload a photo."],
      ["out", "emma", "Sorry about that, Lukas. Which phone and Android version are you using?"],
      ["in", "Pixel 8, Android 15."],
      ["note", "emma", "Reproduced on Android 15 — filed as MOB-312 for the mobile team."],
    ],
  },
  {
    inbox: "mobile", contact: "amara", hoursAgo: 4, status: "open", team: "billing",
    lines: [["in", "Can I get a receipt with my company's VAT number on it?"]],
  },
  {
    inbox: "mobile", contact: "kenji", hoursAgo: 2, status: "open",
    lines: [["in", "Push notifications stopped working after the last update."], ["in", "iPhone 15, notifications are enabled in iOS settings."]],
  },

  // Partners API
  {
    inbox: "partners", contact: "olivia", hoursAgo: 160, status: "resolved", assignee: "david", team: "sales",
    lines: [["in", "Could we get access to the partner portal?"], ["out", "david", "Done, Olivia — you'll find the invite in your inbox."], ["in", "Got it, thank you."]],
  },
  {
    inbox: "partners", contact: "rosa", hoursAgo: 72, status: "snoozed", snoozeHours: 60, assignee: "chloe", team: "sales",
    lines: [
      ["in", "Could you send us a quarterly API usage report?"],
      ["out", "chloe", "Of course, Rosa. Our data team generates them at the start of the month — I'll send it over then."],
    ],
  },
  {
    inbox: "partners", contact: "hank", hoursAgo: 50, status: "resolved", assignee: "david", priority: "high",
    lines: [
      ["in", "Our integration gets a 401 on every webhook we send."],
      ["out", "david", "Hi Hank — are you signing the timestamp, a dot, then the raw body with your HMAC token?"],
      ["in", "That was it, we were signing the parsed JSON. Works now!"],
    ],
  },
  {
    inbox: "partners", contact: "hank", hoursAgo: 14, status: "pending", assignee: "david",
    lines: [
      ["in", "Can we get a sandbox inbox for testing before we go live?"],
      ["out", "david", "Sure. I can set one up today — which callback URL should it post to?"],
    ],
  },
  {
    inbox: "partners", contact: "olivia", hoursAgo: 10, status: "open", assignee: "david", team: "sales", priority: "medium",
    lines: [
      ["in", "We'd like to resell Konversio to our customers in the Nordics."],
      ["out", "david", "Great to hear! I'll send you our partner deck and pricing."],
      ["in", "Thanks — when could we have a call this week?"],
    ],
  },
  {
    inbox: "partners", contact: "peter", hoursAgo: 6, status: "open", team: "sales",
    lines: [["in", "We need a custom SLA for 500 seats. Who should we talk to?"]],
  },
];
