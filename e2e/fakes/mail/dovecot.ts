import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { freePort } from "../../../scripts/runtime.mjs";

/*
 * A real Dovecot IMAP server for tests, on a free loopback port, with its own configuration,
 * users and maildirs in a temporary folder: nothing of the machine's mail setup is used or
 * touched. Needs Debian's dovecot-imapd (.ci/run installs it). Runs unprivileged when the
 * tests are not root; as root, mail is owned by "nobody" and Dovecot's own service users.
 */

const DOVECOT = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].find((p) => existsSync(p));

export type MailUser = { user: string; password: string };

export type Dovecot = {
  host: string;
  port: number;
  users: MailUser[];
  /** Delivers a raw message into a mailbox, as the MTA would (IMAP APPEND); `date` is the arrival time. */
  append(user: MailUser, raw: string | Buffer, opts?: { mailbox?: string; date?: Date }): Promise<void>;
  /** A connected client for one user, for scripted changes (create/delete mailboxes…). */
  client(user: MailUser): Promise<ImapFlow>;
  logPath: string;
  stop(): Promise<void>;
};

function waitForGreeting(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`dovecot exited (${child.exitCode}): ${existsSync(log) ? readFileSync(log, "utf8") : ""}`));
      const socket = connect(port, "127.0.0.1");
      socket.once("data", (d) => {
        socket.destroy();
        if (d.toString().startsWith("* OK")) resolve();
        else retry();
      });
      socket.once("error", () => retry());
    };
    const retry = () => (Date.now() > deadline ? reject(new Error("dovecot did not start")) : setTimeout(attempt, 100));
    attempt();
  });
}

export async function startDovecot(users: MailUser[]): Promise<Dovecot> {
  if (!DOVECOT) throw new Error("Dovecot is not installed: apt-get install -y dovecot-imapd (bash .ci/run does this)");
  const dir = mkdtempSync(path.join(tmpdir(), "konversio-dovecot-"));
  chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailUid = root ? 65534 : me.uid;
  const mailGid = root ? 65534 : me.gid;
  const home = path.join(dir, "home");
  mkdirSync(path.join(dir, "run"));
  mkdirSync(path.join(dir, "state"));
  mkdirSync(home);
  const lines = users.map((u) => {
    const h = path.join(home, u.user.replace(/[^a-zA-Z0-9._-]/g, "_"));
    mkdirSync(h);
    if (root) chownSync(h, mailUid, mailGid);
    return `${u.user}:{PLAIN}${u.password}:${mailUid}:${mailGid}::${h}`;
  });
  writeFileSync(path.join(dir, "users"), lines.join("\n") + "\n");
  const port = await freePort();
  const logPath = path.join(dir, "dovecot.log");
  const conf = path.join(dir, "dovecot.conf");
  writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = konversio-test-${port}
log_path = ${logPath}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 1
${root ? "" : `default_login_user = ${me.username}\ndefault_internal_user = ${me.username}\n`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child = spawn(DOVECOT, ["-F", "-c", conf], { stdio: "ignore" });
  await waitForGreeting(port, child, logPath);

  const client = async (u: MailUser) => {
    const c = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user: u.user, pass: u.password }, logger: false });
    c.on("error", () => {});
    await c.connect();
    return c;
  };

  return {
    host: "127.0.0.1",
    port,
    users,
    logPath,
    client,
    async append(u, raw, opts = {}) {
      const c = await client(u);
      try {
        await c.append(opts.mailbox ?? "INBOX", raw, [], opts.date);
      } finally {
        await c.logout().catch(() => c.close());
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
