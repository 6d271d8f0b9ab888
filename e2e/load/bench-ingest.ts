/*
 * Benchmark: what automation rules (issue 13) and auto-assignment (issue 14) cost ingestion: at
 * most 10 % each, with 50 active rules in scope, or with the inbox's queue on and agents online.
 * Runs the real ingestion path (ingestMessage: transaction, rules, assignment, jobs, realtime) in
 * this process against a throwaway PostgreSQL database, 32 messages in flight, and prints
 * messages per second, latency and CPU per message for the same workload with and without, in
 * alternating rounds so drift on the box hits both alike. Prints figures; asserts nothing except that every message
 * was stored exactly once, the matching rules did their work and no capacity was exceeded.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { freshDatabase } from "../support/app-process";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// Which groups of phases run: "rules" (issue 13), "assignment" (issue 14); both by default.
const GROUPS = new Set((process.env.BENCH_PHASES ?? "rules,assignment").split(",").map((g) => g.trim()));
const IN_FLIGHT = 32;
// Messages go to contact `id % CONTACTS`: with the defaults, about 4 messages a conversation, 400 of them opened.
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 400);
// Auto-assignment phases: a fresh inbox each (so each opens CONTACTS conversations), with AGENTS
// online whose capacities hold fewer than that: the first conversations are handed out as they
// arrive, the rest wait, and later messages into them try again and find everyone at capacity.
const AGENTS = Number(process.env.BENCH_AGENTS ?? 10);
const AGENT_CAPACITY = Number(process.env.BENCH_AGENT_CAPACITY ?? 30);
const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// Ten topics, one of which is a refund; every other invoice message also says "invoice".
const WORDS = ["order", "delivery", "question", "hello", "parcel", "refund", "tracking", "thanks", "payment", "address"];

/**
 * `opening`/`later` (split phases): msg/s of the first CONTACTS messages (each opens a conversation)
 * and of the rest, and their CPU per message; `cpu`: CPU per message over the whole phase.
 */
type Figures = { perSecond: number; p50: number; p99: number; opening: number; later: number; cpu: Cpu; openingCpu?: Cpu; laterCpu?: Cpu };
/** CPU milliseconds per message: this process's, and the database server's when it runs on this machine (null otherwise). */
type Cpu = { node: number; db: number | null };

/**
 * CPU time so far, in ms: this process, and every PostgreSQL process on the machine (read from
 * /proc; null where there is none, e.g. a remote server). The database's share of ingestion cost
 * is as real as ours.
 */
function cpuNow(): { node: number; db: number | null } {
  const { user, system } = process.cpuUsage();
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (!stat.includes("(postgres)")) continue;
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
        found = true;
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    // No /proc here.
  }
  return { node: (user + system) / 1000, db: found ? (ticks * 1000) / CLOCK_TICKS : null };
}
// USER_HZ: 100 on Linux for every architecture the project runs on.
const CLOCK_TICKS = 100;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  // A throwaway, migrated database on the server (e2e/support/app-process.ts), dropped at the end.
  const database = await freshDatabase(server);
  const url = database.url;
  // The app reads its configuration on first use; a bench needs only throwaway values.
  Object.assign(process.env, { DATABASE_URL: url, KONVERSIO_WORKER: "0", AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(24).toString("hex") });
  try {
    // Imported after DATABASE_URL is set: the app's pool, queue and bus read it.
    const { getDb } = await import("@/db/client");
    const { ingestMessage } = await import("@/lib/conversations/ingest");
    const { createRule, listRules, deleteRule } = await import("@/lib/automation/rules");
    const { getBoss, stopBoss } = await import("@/lib/jobs/queue");
    const { closeBus } = await import("@/lib/realtime/bus");
    const db = getDb();
    await getBoss();

    const [admin] = (
      await db.execute<{ id: string; name: string; email: string }>(
        sql`insert into users (name, email, password_hash, role) values ('Bench Admin', 'admin@bench.test', 'x', 'administrator') returning id, name, email`,
      )
    ).rows;
    const actor = { ...admin!, role: "administrator" as const };
    const [inbox] = (await db.execute<{ id: string }>(sql`insert into inboxes (name, channel_type, public_id) values ('Bench', 'api', 'bench-pub') returning id`)).rows;
    const [team] = (await db.execute<{ id: string }>(sql`insert into teams (name) values ('Billing') returning id`)).rows;
    await db.execute(sql`insert into inbox_teams (inbox_id, team_id) values (${inbox!.id}, ${team!.id})`);
    const [label] = (await db.execute<{ id: string }>(sql`insert into labels (name, color) values ('Refund', '#cc3344') returning id`)).rows;
    const inboxRef = { id: inbox!.id, channelType: "api", name: "Bench", businessHours: null, autoReplies: null, autoAssignment: null };

    type InboxRef = Parameters<typeof ingestMessage>[1];
    let seq = 0;
    /**
     * n messages, IN_FLIGHT at a time. With `split`, the first CONTACTS (each opens a conversation
     * in a fresh inbox) are all done before the rest start, and both parts are timed on their own.
     */
    async function phase(n: number, into: InboxRef = inboxRef, opts: { split?: boolean } = {}): Promise<Figures> {
      const latencies: number[] = [];
      let next = 0;
      const cpu: Cpu[] = [];
      const first = opts.split ? Math.min(CONTACTS, n) : 0;
      const run = async (upTo: number) => {
        const c0 = cpuNow();
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < upTo) {
              const i = next++;
              const id = seq++;
              const started = performance.now();
              await ingestMessage(db, into, {
                type: "message",
                contact: { sourceId: `contact-${id % CONTACTS}`, name: `Contact ${id % CONTACTS}`, email: `c${id % CONTACTS}@${id % 10 === 0 ? "vip.example" : "example.com"}` },
                message: { sourceId: `m-${id}`, content: `Hi, about my ${WORDS[i % WORDS.length]} number ${id}${i % 20 === 2 ? " and the invoice" : ""}` },
              });
              latencies.push(performance.now() - started);
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        const count = upTo - (cpu.length ? first : 0);
        const c1 = cpuNow();
        // Per message: what this process and the database spent on this part of the phase.
        cpu.push({ node: (c1.node - c0.node) / count, db: c1.db === null || c0.db === null ? null : (c1.db - c0.db) / count });
        return seconds;
      };
      const opening = first ? await run(first) : 0;
      const later = await run(n);
      latencies.sort((a, b) => a - b);
      const [openingCpu, laterCpu] = first ? cpu : [undefined, cpu[0]!];
      const weigh = (k: "node" | "db") => (first ? (openingCpu![k]! * first + laterCpu![k]! * (n - first)) / n : laterCpu![k]);
      return {
        perSecond: n / (opening + later),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        opening: first ? first / opening : 0,
        later: n > first ? (n - first) / later : 0,
        cpu: { node: weigh("node")!, db: laterCpu.db === null ? null : weigh("db") },
        openingCpu,
        laterCpu,
      };
    }

    async function addRules(opts: { quietOnly?: boolean } = {}) {
      // 40 that mostly do not match, 8 that match some messages, 2 on conversation.created.
      for (let i = 0; i < 40; i++) {
        await createRule(db, actor, {
          name: `Quiet ${i}`,
          event: "message.received",
          conditions: [
            { field: "content", operator: "contains", value: `keyword-${i}` },
            { field: i % 2 ? "channelType" : "contact.emailDomain", operator: "in", value: i % 2 ? ["email"] : [`nowhere-${i}.example`] },
          ],
          match: i % 3 ? "all" : "any",
          actions: [{ type: "set_priority", priority: "low" }],
        });
      }
      // Refunds (1 message in 10) and invoices (1 in 20) are routed: the rules that do work.
      for (let i = 0; i < 8 && !opts.quietOnly; i++) {
        await createRule(db, actor, {
          name: `Busy ${i}`,
          event: "message.received",
          inboxIds: [inbox!.id],
          conditions: [{ field: "content", operator: "contains", value: i < 4 ? "refund" : "invoice" }],
          actions: i % 2 ? [{ type: "set_priority", priority: i < 4 ? "high" : "medium" }] : [{ type: "assign_team", teamId: team!.id }, { type: "add_labels", labelIds: [label!.id] }],
        });
      }
      if (opts.quietOnly) {
        for (let i = 40; i < 50; i++) {
          await createRule(db, actor, { name: `Quiet ${i}`, event: "message.received", conditions: [{ field: "content", operator: "starts_with", value: `never-${i}` }], actions: [{ type: "unassign" }] });
        }
        return;
      }
      await createRule(db, actor, { name: "VIP", event: "conversation.created", conditions: [{ field: "contact.emailDomain", operator: "in", value: ["vip.example"] }], actions: [{ type: "set_priority", priority: "urgent" }] });
      await createRule(db, actor, { name: "Opened", event: "conversation.created", conditions: [{ field: "subject", operator: "is_present" }], actions: [{ type: "add_note", content: "x" }] });
    }

    /*
     * An inbox of its own with AGENTS members who are online for the whole run: presence is
     * availability online and a stream seen within the grace period (isOnlineSql), so a mark a day
     * ahead keeps them online without a stream renewing it. The same for both assignment phases;
     * only the queue's switch differs.
     */
    let queues = 0;
    async function queueInbox(enabled: boolean): Promise<InboxRef & { id: string }> {
      const n = ++queues;
      const autoAssignment = { enabled, mode: "balanced" as const, capacity: null };
      const [row] = (
        await db.execute<{ id: string }>(
          sql`insert into inboxes (name, channel_type, public_id, auto_assignment) values (${`Queue ${n}`}, 'api', ${`queue-pub-${n}`}, ${JSON.stringify(autoAssignment)}::jsonb) returning id`,
        )
      ).rows;
      await db.execute(sql`
        with agents as (
          insert into users (name, email, password_hash, availability, capacity, stream_seen_at)
          select 'Agent ' || ${n} || '-' || g, 'agent-' || ${n} || '-' || g || '@bench.test', 'x', 'online', ${AGENT_CAPACITY}, now() + interval '1 day'
          from generate_series(1, ${AGENTS}) g
          returning id)
        insert into inbox_members (inbox_id, user_id) select ${row!.id}, id from agents`);
      return { id: row!.id, channelType: "api", name: `Queue ${n}`, businessHours: null, autoReplies: null, autoAssignment };
    }
    type Mix = { conversations: number; assigned: number; toAssigned: number; toWaiting: number; over: number };
    const mixes: Mix[] = [];
    /** What one assignment phase did: conversations handed out, waiting, where later messages went. */
    async function mixOf(inboxId: string): Promise<Mix> {
      const { rows } = await db.execute<Mix>(sql`
        select (select count(*) from conversations where inbox_id = ${inboxId})::int as conversations,
               (select count(*) from conversations where inbox_id = ${inboxId} and assignee_id is not null)::int as assigned,
               (select count(*) from messages m join conversations c on c.id = m.conversation_id
                  where c.inbox_id = ${inboxId} and m.kind = 'incoming' and c.assignee_id is not null)::int
                 - (select count(*) from conversations where inbox_id = ${inboxId} and assignee_id is not null)::int as "toAssigned",
               (select count(*) from messages m join conversations c on c.id = m.conversation_id
                  where c.inbox_id = ${inboxId} and m.kind = 'incoming' and c.assignee_id is null)::int
                 - (select count(*) from conversations where inbox_id = ${inboxId} and assignee_id is null)::int as "toWaiting",
               (select count(*) from (select assignee_id from conversations where inbox_id = ${inboxId} and assignee_id is not null and status = 'open'
                  group by assignee_id having count(*) > ${AGENT_CAPACITY}) o)::int as over`);
      return rows[0]!;
    }

    console.log(`Ingestion with and without automation rules and auto-assignment — ${MESSAGES.toLocaleString()} messages a round, ${IN_FLIGHT} in flight, ${CONTACTS} contacts`);
    await phase(300); // warm-up: JIT, pools, plans
    await phase(300, await queueInbox(true));
    // Planner statistics, as autovacuum keeps them on a live database: a fresh one has none, and
    // its plans would be those of empty tables.
    await db.execute(sql`analyze`);
    const without: Figures[] = [];
    const evaluating: Figures[] = [];
    const withRules: Figures[] = [];
    const assignOff: Figures[] = [];
    const assignOn: Figures[] = [];
    const clear = async () => {
      for (const rule of await listRules(db, actor)) await deleteRule(db, actor, rule.id);
    };
    // The database grows as rounds go, which slows every later phase: rounds alternate the order
    // (A B C, then C B A, …) so that drift falls on each phase alike, and the means are compared.
    type Phase = [Figures[], () => Promise<void | (() => Promise<Figures>)>];
    const phases: Phase[] = [
      ...(GROUPS.has("rules")
        ? ([
            [without, async () => {}],
            [evaluating, () => addRules({ quietOnly: true })],
            [withRules, () => addRules()],
          ] satisfies Phase[])
        : []),
      ...(GROUPS.has("assignment")
        ? ([
            [assignOff, async () => {
              const q = await queueInbox(false);
              return () => phase(MESSAGES, q, { split: true });
            }],
            [assignOn, async () => {
              const q = await queueInbox(true);
              return async () => {
                const f = await phase(MESSAGES, q, { split: true });
                mixes.push(await mixOf(q.id));
                return f;
              };
            }],
          ] satisfies Phase[])
        : []),
    ];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [into, setUp] of r % 2 ? [...phases].reverse() : phases) {
        const run = (await setUp()) ?? (() => phase(MESSAGES));
        into.push(await run());
        await clear();
        // Between phases, what autovacuum does on a live database over the minutes a phase's
        // load would take there: dead row versions pruned and statistics current, so a phase does
        // not pay for the ones before it (the agents' rows are rewritten on every assignment).
        await db.execute(sql`vacuum (analyze)`);
      }
    }
    const mean = (xs: Figures[]) => ({ perSecond: xs.reduce((n, x) => n + x.perSecond, 0) / xs.length });
    const meanCpu = (xs: Figures[]) => xs.reduce((n, x) => n + x.cpu.node + (x.cpu.db ?? 0), 0) / xs.length;
    /**
     * The budget is on cost: CPU per message, ours and the database's, with and without — what a
     * feature adds to ingestion, whatever else the shared box is doing. Throughput is printed beside it.
     */
    const verdict = (what: string, without: Figures[], withIt: Figures[]) => {
      const off = meanCpu(without);
      const on = meanCpu(withIt);
      const added = (on - off) / off;
      const db = withIt.every((x) => x.cpu.db !== null) ? "app and database" : "app only: the database is not on this machine";
      console.log(`mean CPU per message (${db}): without ${off.toFixed(2)} ms, with ${on.toFixed(2)} ms → ${what} adds ${(added * 100).toFixed(1)} %  (budget: at most 10 %) → ${added <= 0.1 ? "within budget" : "OVER BUDGET"}`);
      console.log(`mean throughput with / without: ${((mean(withIt).perSecond / mean(without).perSecond) * 100).toFixed(1)} %`);
    };
    const ms = (c?: Cpu) => (c ? `${c.node.toFixed(2)}${c.db === null ? "" : ` + ${c.db.toFixed(2)}`}` : "–");
    const row = (what: string, f: Figures) =>
      `${what.padEnd(34)} ${f.perSecond.toFixed(0).padStart(8)} msg/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms   CPU ${ms(f.cpu)} ms/msg`;
    if (GROUPS.has("rules")) {
      const a = mean(without);
      console.log("\nCPU per message: this process + the database server");
      for (const [i, f] of without.entries()) console.log(row(`no rules, round ${i + 1}`, f));
      for (const [i, f] of evaluating.entries()) console.log(row(`50 rules, none match, round ${i + 1}`, f));
      for (const [i, f] of withRules.entries()) console.log(row(`50 rules, ~15 % routed, round ${i + 1}`, f));
      const e = mean(evaluating);
      console.log(`\nmean evaluating only / mean without: ${((e.perSecond / a.perSecond) * 100).toFixed(1)} %`);
      verdict("50 rules", without, withRules);
    }
    if (GROUPS.has("assignment")) {
      console.log("\nCPU per message: this process + the database server");
      const split = (f: Figures) => `   opening ${f.opening.toFixed(0).padStart(4)} msg/s, ${ms(f.openingCpu)} ms · later ${f.later.toFixed(0).padStart(4)} msg/s, ${ms(f.laterCpu)} ms`;
      for (const [i, f] of assignOff.entries()) console.log(row(`auto-assignment off, round ${i + 1}`, f) + split(f));
      for (const [i, f] of assignOn.entries()) console.log(row(`auto-assignment on, round ${i + 1}`, f) + split(f));
      const m = mixes[0]!;
      console.log(
        `mix (each round): ${AGENTS} agents online, capacity ${AGENT_CAPACITY} each; ${m.assigned} of ${m.conversations} conversations handed out on arrival, ` +
          `${m.conversations - m.assigned} waiting at capacity; of the ${m.toAssigned + m.toWaiting} later messages ${m.toAssigned} went to assigned conversations, ${m.toWaiting} to waiting ones (tried again)`,
      );
      const meanOf = (xs: Figures[], k: "opening" | "later") => xs.reduce((n, x) => n + x[k], 0) / xs.length;
      console.log(
        `mean on / off: the ${CONTACTS} messages that open conversations (each handed out, or left waiting at capacity) ${((meanOf(assignOn, "opening") / meanOf(assignOff, "opening")) * 100).toFixed(1)} %; ` +
          `the later ones ${((meanOf(assignOn, "later") / meanOf(assignOff, "later")) * 100).toFixed(1)} %`,
      );
      verdict("auto-assignment", assignOff, assignOn);
      if (mixes.some((x) => x.over > 0)) throw new Error("an agent was given more than their capacity");
      if (mixes.some((x) => x.assigned !== Math.min(x.conversations, AGENTS * AGENT_CAPACITY))) throw new Error("auto-assignment did not fill exactly the capacity there was");
    }

    // Correctness: each message stored once; rules did their work where they matched.
    const { rows } = await db.execute<{ messages: number; distinct_sources: number; labelled: number; refund_convs: number }>(sql`
      select (select count(*) from messages where kind = 'incoming')::int as messages,
             (select count(distinct source_id) from messages where kind = 'incoming')::int as distinct_sources,
             (select count(*) from conversation_labels where label_id = ${label!.id})::int as labelled,
             (select count(distinct conversation_id) from messages where kind = 'incoming' and content like '%refund%')::int as refund_convs`);
    const c = rows[0]!;
    const total = seq;
    console.log(`stored ${c.messages.toLocaleString()} of ${total.toLocaleString()} messages (${c.distinct_sources.toLocaleString()} distinct) · ${c.labelled} conversations labelled Refund`);
    if (c.messages !== total || c.distinct_sources !== total) throw new Error("messages lost or stored twice");
    if (GROUPS.has("rules") && c.labelled === 0) throw new Error("the matching rules did not run");

    await stopBoss();
    await closeBus();
    await (await import("@/db/client")).getPool().end();
  } finally {
    if (!process.env.BENCH_KEEP) await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
