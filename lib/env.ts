import "server-only";
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const url = (name: string) => z.url({ message: `${name} must be an absolute URL, e.g. http://localhost:3000` });

const schema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is empty"),
  APP_URL: url("APP_URL").default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters (npm start generates one)"),
  KONVERSIO_SECRET_KEY: z.string().min(16, "KONVERSIO_SECRET_KEY must be at least 16 characters").optional(),
  KONVERSIO_ALLOW_PRIVATE_URLS: flag,
  KONVERSIO_WORKER: z
    .enum(["1", "0", "true", "false", ""])
    .optional()
    .transform((v) => v === undefined || v === "" || v === "1" || v === "true"),
  KONVERSIO_TRUSTED_PROXIES: z.coerce
    .number("KONVERSIO_TRUSTED_PROXIES is a number of proxy hops")
    .int("KONVERSIO_TRUSTED_PROXIES is a number of proxy hops")
    .min(0, "KONVERSIO_TRUSTED_PROXIES cannot be negative")
    .default(0),
  /** Watch mailboxes in IMAP IDLE for instant mail (default on); 0 leaves it to the poll. */
  KONVERSIO_EMAIL_IDLE: z
    .enum(["1", "0", "true", "false", ""])
    .optional()
    .transform((v) => v === undefined || v === "" || v === "1" || v === "true"),
  KONVERSIO_EMAIL_POLL_SECONDS: z.coerce
    .number("KONVERSIO_EMAIL_POLL_SECONDS is a number of seconds")
    .int("KONVERSIO_EMAIL_POLL_SECONDS is a whole number of seconds")
    .min(1, "KONVERSIO_EMAIL_POLL_SECONDS must be at least 1")
    .max(3600)
    .default(30),
  KONVERSIO_SESSION_MAX_AGE_HOURS: z.coerce
    .number("KONVERSIO_SESSION_MAX_AGE_HOURS is a number of hours")
    .int("KONVERSIO_SESSION_MAX_AGE_HOURS is a whole number of hours")
    .positive("KONVERSIO_SESSION_MAX_AGE_HOURS must be at least 1")
    .default(24 * 7),
  KONVERSIO_DB_POOL_SIZE: z.coerce
    .number("KONVERSIO_DB_POOL_SIZE is a number of connections")
    .int("KONVERSIO_DB_POOL_SIZE is a whole number of connections")
    .min(1, "KONVERSIO_DB_POOL_SIZE must be at least 1")
    .max(1000, "KONVERSIO_DB_POOL_SIZE must be at most 1000")
    .default(10),
  /** How long someone stays online after their last tab closed (docs/architecture.md §5.8). */
  KONVERSIO_PRESENCE_GRACE_SECONDS: z.coerce
    .number("KONVERSIO_PRESENCE_GRACE_SECONDS is a number of seconds")
    .int("KONVERSIO_PRESENCE_GRACE_SECONDS is a whole number of seconds")
    .min(10, "KONVERSIO_PRESENCE_GRACE_SECONDS must be at least 10")
    .max(3600, "KONVERSIO_PRESENCE_GRACE_SECONDS must be at most 3600")
    .default(120),
  /** Set by `npm start` when it serves the embedded PGlite: exactly one app process, no NOTIFY. */
  KONVERSIO_EMBEDDED_DB: flag,
  KONVERSIO_ADMIN_EMAIL: z.email().optional(),
  KONVERSIO_ADMIN_PASSWORD: z.string().min(8, "KONVERSIO_ADMIN_PASSWORD needs at least 8 characters").optional(),
  KONVERSIO_ADMIN_NAME: z.string().optional(),
  TELEGRAM_API_URL: url("TELEGRAM_API_URL").default("https://api.telegram.org"),
  META_GRAPH_API_URL: url("META_GRAPH_API_URL").default("https://graph.facebook.com"),
  /** Instagram API with Instagram Login: its own host, which alone accepts Instagram User tokens. */
  INSTAGRAM_API_URL: url("INSTAGRAM_API_URL").default("https://graph.instagram.com"),
  TWILIO_API_URL: url("TWILIO_API_URL").default("https://api.twilio.com"),
  LINE_API_URL: url("LINE_API_URL").default("https://api.line.me"),
  BANDWIDTH_API_URL: url("BANDWIDTH_API_URL").default("https://messaging.bandwidth.com"),
});

export type Env = z.infer<typeof schema>;

const NAMES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

let cached: { key: string; value: Env } | undefined;

/**
 * The validated environment: the only reader of the variables the app uses (listed in the README).
 * Throws one readable message listing every bad variable; instrumentation.ts calls it at start-up,
 * so an invalid value stops the app. The answer is cached until one of these variables changes
 * (tests point provider URLs at fakes after start-up).
 */
export function env(): Env {
  const key = NAMES.map((n) => process.env[n] ?? "").join("\u0000");
  if (cached?.key === key) return cached.value;
  const raw = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const value = { ...parsed.data, APP_URL: parsed.data.APP_URL.replace(/\/+$/, "") };
  cached = { key, value };
  return value;
}

/**
 * One variable, validated on its own: for code evaluated before the whole configuration is there
 * (module scope of Auth.js during `next build`, the demo CLI, which has no AUTH_SECRET).
 */
export function envValue<K extends keyof Env>(name: K): Env[K] {
  const raw = process.env[name];
  const parsed = schema.shape[name].safeParse(raw === "" ? undefined : raw);
  if (!parsed.success) throw new Error(`Invalid configuration:\n  - ${name}: ${parsed.error.issues[0]?.message ?? "invalid value"}`);
  return parsed.data as Env[K];
}

export function appUrl(path = ""): string {
  return env().APP_URL + path;
}
