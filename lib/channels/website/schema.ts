import { z } from "zod";
import { isHostname, MAX_ALLOWED_DOMAINS, normaliseHost, POSITIONS, REPLY_TIMES, splitDomainList, WIDGET_DEFAULTS } from "./defaults";

/** Form fields arrive as strings: an empty optional field means "use the default". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Switches and checkboxes post "on"/"off"; the REST API sends booleans. */
const flag = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const s = v.trim().toLowerCase();
  if (["on", "true", "1", "yes"].includes(s)) return true;
  if (["off", "false", "0", "no", ""].includes(s)) return false;
  return v;
}, z.boolean("Must be true or false"));

const host = z
  .string()
  .max(300)
  .transform(normaliseHost)
  .refine(isHostname, { message: "Enter host names such as example.com or shop.example.com" });

const allowedDomains = z
  .preprocess(
    (v) => (typeof v === "string" ? splitDomainList(v) : v === null ? [] : v),
    z.array(host).max(MAX_ALLOWED_DOMAINS, `At most ${MAX_ALLOWED_DOMAINS} domains`),
  )
  .transform((list) => [...new Set(list)]);

const text = (max: number, fallback: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `Keep it under ${max} characters`).default(fallback));

export const websiteUrl = z
  .string("Enter your website's address")
  .trim()
  .min(1, "Enter your website's address")
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: "Enter a full http(s) URL, e.g. https://example.com" }));

/** The `channel` object for website inboxes (POST/PATCH /api/v1/inboxes and the admin forms). */
export const websiteInputSchema = z.object({
  websiteUrl,
  widgetColor: z
    .preprocess(blankToUndefined, z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #5753d0").default(WIDGET_DEFAULTS.widgetColor))
    .transform((c) => c.toLowerCase()),
  welcomeTitle: text(120, WIDGET_DEFAULTS.welcomeTitle),
  welcomeTagline: text(300, WIDGET_DEFAULTS.welcomeTagline),
  replyTime: z.preprocess(blankToUndefined, z.enum(REPLY_TIMES, "Choose minutes, hours or day").default(WIDGET_DEFAULTS.replyTime)),
  allowedDomains: z.preprocess((v) => (v === undefined ? [] : v), allowedDomains),
  requireIdentity: z.preprocess((v) => (v === undefined ? false : v), flag),
  position: z.preprocess(blankToUndefined, z.enum(POSITIONS, "Choose right or left").default(WIDGET_DEFAULTS.position)),
  /** Ask a new visitor for their email (name optional) before their first message. */
  preChatEmail: z.preprocess((v) => (v === undefined ? false : v), flag),
});

export type WebsiteConfig = z.output<typeof websiteInputSchema>;
