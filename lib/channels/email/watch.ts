import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import { Client } from "pg";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import { inboxContext } from "@/lib/inboxes/context";
import { imapClient, isAuthFailure, serverWords } from "./connection";
import { emailConfig, emailSecrets, imapSettings, type ServerSettings } from "./schema";
import { log } from "@/lib/log";

/*
 * New mail without waiting for the poll: each live email inbox's mailbox is watched by one IMAP
 * connection in IDLE, and the server's push (EXISTS) queues that inbox's sync job at once. The
 * sync job stays the only reader, and the poll stays the safety net (a watcher reconnecting, a
 * server without IDLE).
 *
 * One app instance watches a given mailbox (providers cap connections per account): an instance
 * claims an inbox with a session advisory lock on a PostgreSQL connection of its own, so a dead
 * instance's claims go with its connection and another instance takes them at its next look.
 * Embedded mode runs a single instance, which watches everything.
 */

const RECONCILE_MS = 30_000;
/** Reconnect delays after a drop or a failed login (a refused login waits longest: providers lock out repeat offenders). */
const RETRY_MS = [5_000, 15_000, 60_000, 300_000];

type Target = { id: string; key: string; settings: ServerSettings & { mailbox: string } };

/** Which inboxes this instance may watch. */
export type Claims = {
  claim(inboxId: string): Promise<boolean>;
  /** Whether the claim still stands (false once the lock connection is gone). */
  holds(inboxId: string): boolean;
  /** Called when every claim was lost at once (the lock connection ended). */
  onLost?(fn: () => void): void;
  release(inboxId: string): Promise<void>;
  close(): Promise<void>;
};

/** Claims as session advisory locks on one dedicated connection (PostgreSQL mode). */
export function advisoryClaims(connectionString: string): Claims {
  let client: Client | null = null;
  let connecting: Promise<Client | null> | null = null;
  let onLost: (() => void) | undefined;
  const held = new Set<string>();
  const lockKey = (inboxId: string) => `email-watch:${inboxId}`;

  const connection = () => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      // Keepalive probes notice a peer that vanished without closing (NAT, a dead host), which ends the session.
      const c = new Client({ connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      c.on("error", () => {}); // followed by "end"
      c.on("end", () => {
        if (client !== c) return;
        client = null;
        held.clear(); // the server let go of every lock with the session
        onLost?.(); // another instance may claim them now: stop watching at once
      });
      try {
        await c.connect();
        client = c;
        return c;
      } catch (e) {
        log.warn("email", "watcher lock connection failed", e);
        return null;
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  return {
    async claim(inboxId) {
      if (held.has(inboxId)) return true;
      const c = await connection();
      if (!c) return false;
      const r = await c.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtextextended($1, 0)) as ok", [lockKey(inboxId)]).catch(() => null);
      if (!r?.rows[0]?.ok || client !== c) return false;
      held.add(inboxId);
      return true;
    },
    holds: (inboxId) => held.has(inboxId),
    onLost(fn) {
      onLost = fn;
    },
    async release(inboxId) {
      if (!held.delete(inboxId) || !client) return;
      await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [lockKey(inboxId)]).catch(() => {});
    },
    async close() {
      held.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/** Embedded mode: one instance, so every inbox is this one's. */
export function localClaims(): Claims {
  return { claim: async () => true, holds: () => true, release: async () => {}, close: async () => {} };
}

/** One mailbox in IDLE; reconnects by itself until stopped. */
class Watcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly target: Target,
    private readonly onNewMail: (inboxId: string) => void,
  ) {
    void this.run();
  }

  private async run() {
    if (this.stopped) return;
    const client = imapClient(this.target.settings, { idle: true });
    this.client = client;
    let ended = false;
    const end = () => {
      if (ended || this.client !== client) return;
      ended = true;
      this.client = null;
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.run(), RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]);
      this.timer.unref?.();
    };
    client.on("exists", (d: { count: number; prevCount: number }) => {
      if (d.count > d.prevCount) this.onNewMail(this.target.id);
    });
    client.on("close", () => end());
    try {
      await client.connect();
      await client.mailboxOpen(this.target.settings.mailbox, { readOnly: true });
      this.failures = 0;
      // Whatever arrived while nobody was watching.
      this.onNewMail(this.target.id);
    } catch (e) {
      if (this.stopped) return;
      if (this.failures === 0) console.warn(`[email] ${this.target.id}: cannot watch the mailbox (polling continues): ${serverWords(e)}`);
      // Set before close(): its "close" event schedules the retry from the failure count.
      if (isAuthFailure(e)) this.failures = RETRY_MS.length - 1;
      client.close();
      end();
    }
  }

  /** Drops the connection at once: an IDLE watcher has nothing to finish, and a hung server must not hold anyone up. */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    c?.close();
  }
}

/** Live email inboxes whose login currently works (a refused one is left to the poll, which backs off and reports it). */
async function watchableMailboxes(db: Db): Promise<Target[]> {
  const rows = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.channelType, "email"), isNull(inboxes.deletedAt), ne(inboxes.status, "error")));
  const out: Target[] = [];
  for (const row of rows) {
    try {
      const ctx = inboxContext(row);
      const settings = imapSettings(emailConfig.parse(ctx.config), emailSecrets.parse(ctx.secrets));
      // Changed settings (a new password, another mailbox) restart the watcher.
      const key = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
      out.push({ id: row.id, key, settings });
    } catch (e) {
      log.warn("email", `${row.id}: settings unreadable, not watched`, e);
    }
  }
  return out;
}

export type MailWatchers = {
  /** Starts and stops watchers to match the live inboxes (runs by itself every 30 s). */
  reconcile(): Promise<void>;
  watching(): string[];
  stop(): Promise<void>;
};

export function startMailWatchers(db: Db, opts: { claims: Claims; onNewMail: (inboxId: string) => Promise<unknown>; reconcileMs?: number }): MailWatchers {
  const watchers = new Map<string, Watcher>();
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  const notify = (inboxId: string) => {
    void opts.onNewMail(inboxId).catch((e) => log.error("email", `${inboxId}: could not queue a sync`, e));
  };

  async function pass() {
    if (stopped) return;
    let targets: Target[];
    try {
      targets = await watchableMailboxes(db);
    } catch (e) {
      log.error("email", "cannot list mailboxes to watch", e);
      return;
    }
    const wanted = new Map(targets.map((t) => [t.id, t]));
    for (const [id, w] of watchers) {
      const t = wanted.get(id);
      if (t && t.key === w.target.key && opts.claims.holds(id)) continue;
      watchers.delete(id);
      w.stop();
      if (!t) await opts.claims.release(id);
    }
    for (const t of targets) {
      if (stopped || watchers.has(t.id) || !(await opts.claims.claim(t.id))) continue;
      watchers.set(t.id, new Watcher(t, notify));
    }
  }

  const reconcile = () => (queue = queue.then(pass, pass));
  opts.claims.onLost?.(() => void reconcile());
  const timer = setInterval(() => void reconcile(), opts.reconcileMs ?? RECONCILE_MS);
  timer.unref?.();
  void reconcile();

  return {
    reconcile,
    watching: () => [...watchers.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      await queue;
      for (const w of watchers.values()) w.stop();
      watchers.clear();
      await opts.claims.close();
    },
  };
}
