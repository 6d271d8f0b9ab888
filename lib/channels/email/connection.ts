import "server-only";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import type { ServerSettings } from "./schema";

const TIMEOUTS = { connect: 15_000, greeting: 15_000, socket: 60_000 };

/**
 * An IMAP client for one mailbox. `secure: false` upgrades with STARTTLS when the server offers
 * it (imapflow's default), so a plain server on a private network still works.
 */
export function imapClient(s: ServerSettings, opts: { idle?: boolean } = {}): ImapFlow {
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    logger: false,
    // A sync opens, reads what is new, and logs out: it never waits for pushes. A watcher
    // (watch.ts) sits in IDLE, renewed every few minutes so NAT and servers keep the line open;
    // imapflow probes a quiet line with NOOP before calling it dead (default 5-minute timeout).
    ...(opts.idle ? { autoIdleDelay: 1000, maxIdleTime: 4 * 60_000 } : { disableAutoIdle: true, socketTimeout: TIMEOUTS.socket }),
    connectionTimeout: TIMEOUTS.connect,
    greetingTimeout: TIMEOUTS.greeting,
    clientInfo: { name: "Konversio" },
  });
  // A dropped socket is reported through the pending command; an unhandled 'error' event would crash the process.
  client.on("error", () => {});
  return client;
}

export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}

/** SMTP transport; `secure: false` means plain with STARTTLS when offered (nodemailer's default). */
export function smtpTransport(s: ServerSettings) {
  return nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    connectionTimeout: TIMEOUTS.connect,
    greetingTimeout: TIMEOUTS.greeting,
    socketTimeout: TIMEOUTS.socket,
  });
}

type MailError = Error & {
  code?: string;
  responseText?: string;
  response?: string;
  responseCode?: number;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
};

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "the server refused the connection (is the port right?)",
  ENOTFOUND: "the host name could not be found",
  EAI_AGAIN: "the host name could not be looked up right now",
  ETIMEDOUT: "the server did not answer in time",
  ECONNRESET: "the server closed the connection",
  EHOSTUNREACH: "the host cannot be reached",
  ENETUNREACH: "the network cannot be reached",
};

/** The server's own words where it gave some, else what went wrong with the connection, in plain words. */
export function serverWords(e: unknown): string {
  const err = e as MailError;
  const text = err?.responseText || err?.response;
  if (text) return String(text).replace(/\s+/g, " ").trim().slice(0, 500);
  const code = err?.code ?? (err?.cause as MailError | undefined)?.code;
  if (code && NETWORK_WORDS[code]) return NETWORK_WORDS[code]!;
  const message = err instanceof Error ? err.message : String(e);
  if (/wrong version number|ssl3_get_record|packet length too long/i.test(message)) {
    return "the server does not speak TLS on this port: switch off TLS (STARTTLS is still used when offered) or use the TLS port";
  }
  if (/certificate|self[- ]signed|unable to verify/i.test(message)) return `the server's TLS certificate was not accepted (${message})`;
  return message.slice(0, 500);
}

export const isAuthFailure = (e: unknown) => {
  const err = e as MailError;
  return err?.authenticationFailed === true || err?.code === "EAUTH" || err?.serverResponseCode === "AUTHENTICATIONFAILED";
};
