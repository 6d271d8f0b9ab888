import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "../../../scripts/runtime.mjs";

/*
 * A real SMTP server (npm smtp-server) on loopback that accepts mail for tests: it checks the
 * login, records each message with its envelope, and answers with scripted 4xx/5xx replies.
 */

export type ReceivedMail = { envelope: { from: string; to: string[] }; raw: Buffer; parsed: ParsedMail; user?: string };
type Failure = { stage: "mail" | "rcpt" | "data"; code: number; message: string; times: number };

export type SmtpSink = {
  host: string;
  port: number;
  user: string;
  password: string;
  received: ReceivedMail[];
  /** The next `times` sends get this reply at this stage (e.g. 451 at data, 550 at rcpt). */
  fail(f: { stage?: Failure["stage"]; code: number; message: string; times?: number }): void;
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
};

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpSink(login: { user: string; password: string }): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const failures: Failure[] = [];
  const take = (stage: Failure["stage"]) => {
    const f = failures.find((x) => x.stage === stage && x.times > 0);
    if (!f) return null;
    f.times--;
    return smtpError(f.code, f.message);
  };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    logger: false,
    size: 30 * 1024 * 1024,
    onAuth(auth, _session, cb) {
      if (auth.username === login.user && auth.password === login.password) return cb(null, { user: auth.username });
      cb(smtpError(535, "5.7.8 Error: authentication failed: bad username or password"));
    },
    onMailFrom(_address, _session, cb) {
      cb(take("mail") ?? undefined);
    },
    onRcptTo(_address, _session, cb) {
      cb(take("rcpt") ?? undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => void (async () => {
        const failure = take("data");
        if (failure) return cb(failure);
        const raw = Buffer.concat(chunks);
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed: await simpleParser(raw),
          user: session.user as string | undefined,
        });
        cb(null);
      })().catch((e: Error) => cb(e)));
    },
  });
  server.on("error", () => {});
  const port: number = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    host: "127.0.0.1",
    port,
    ...login,
    received,
    fail: ({ stage = "data", code, message, times = 1 }) => failures.push({ stage, code, message, times }),
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails at the SMTP server, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
