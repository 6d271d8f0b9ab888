/*
 * Benchmark: what automation rules cost ingestion (issue 13: at most 10 % with 50 active rules in
 * scope). Runs the real ingestion path (ingestMessage: transaction, rules, jobs, realtime) in
 * this process against a throwaway PostgreSQL database, 32 messages in flight, and prints
 * messages per second and latency for the same workload without rules and with 50 rules, in
 * alternating rounds so drift on the box hits both alike. Prints figures; asserts nothing except
 * that every message was stored exactly once and the matching rules did their work.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { migrate } from "../../scripts/runtime.mjs";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const IN_FLIGHT = 32;
const CONTACTS = 400;
const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// Ten topics, one of which is a refund; every other invoice message also says "invoice".
const WORDS = ["order", "delivery", "question", "hello", "parcel", "refund", "tracking", "thanks", "payment", "address"];

type Figures = { perSecond: number; p50: number; p99: number };

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const name = `konversio_bench_${randomBytes(4).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: server });
  await adminClient.connect();
  await adminClient.query(`create database ${name}`);
  const url = new URL(server);
  url.pathname = "/" + name;
  // The app reads its configuration on first use; a bench needs only throwaway values.
  Object.assign(process.env, { DATABASE_URL: url.toString(), KONVERSIO_WORKER: "0", AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(24).toString("hex") });
  try {
    await migrate(url.toString());
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

    let seq = 0;
    async function phase(n: number): Promise<Figures> {
      const latencies: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < n) {
            const i = next++;
            const id = seq++;
            const started = performance.now();
            await ingestMessage(db, inboxRef, {
              type: "message",
              contact: { sourceId: `contact-${id % CONTACTS}`, name: `Contact ${id % CONTACTS}`, email: `c${id % CONTACTS}@${id % 10 === 0 ? "vip.example" : "example.com"}` },
              message: { sourceId: `m-${id}`, content: `Hi, about my ${WORDS[i % WORDS.length]} number ${id}${i % 20 === 2 ? " and the invoice" : ""}` },
            });
            latencies.push(performance.now() - started);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      return { perSecond: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
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

    console.log(`Ingestion with and without automation rules — ${MESSAGES.toLocaleString()} messages a round, ${IN_FLIGHT} in flight, ${CONTACTS} contacts`);
    await phase(300); // warm-up: JIT, pools, plans
    const without: Figures[] = [];
    const evaluating: Figures[] = [];
    const withRules: Figures[] = [];
    const clear = async () => {
      for (const rule of await listRules(db, actor)) await deleteRule(db, actor, rule.id);
    };
    // The database grows as rounds go, which slows every later phase: rounds alternate the order
    // (A B C, then C B A, …) so that drift falls on each phase alike, and the means are compared.
    const phases: [Figures[], () => Promise<void>][] = [
      [without, async () => {}],
      [evaluating, () => addRules({ quietOnly: true })],
      [withRules, () => addRules()],
    ];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [into, setUp] of r % 2 ? [...phases].reverse() : phases) {
        await setUp();
        into.push(await phase(MESSAGES));
        await clear();
      }
    }
    const mean = (xs: Figures[]) => ({ perSecond: xs.reduce((n, x) => n + x.perSecond, 0) / xs.length });
    const a = mean(without);
    const b = mean(withRules);
    const row = (what: string, f: Figures) => console.log(`${what.padEnd(34)} ${f.perSecond.toFixed(0).padStart(8)} msg/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms`);
    console.log("");
    for (const [i, f] of without.entries()) row(`no rules, round ${i + 1}`, f);
    for (const [i, f] of evaluating.entries()) row(`50 rules, none match, round ${i + 1}`, f);
    for (const [i, f] of withRules.entries()) row(`50 rules, ~15 % routed, round ${i + 1}`, f);
    const e = mean(evaluating);
    console.log(`\nmean evaluating only / mean without: ${((e.perSecond / a.perSecond) * 100).toFixed(1)} %`);
    const ratio = b.perSecond / a.perSecond;
    console.log(`mean with rules / mean without: ${(ratio * 100).toFixed(1)} %  (budget: at least 90 %) → ${ratio >= 0.9 ? "within budget" : "OVER BUDGET"}`);

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
    if (c.labelled === 0) throw new Error("the matching rules did not run");

    await stopBoss();
    await closeBus();
    await (await import("@/db/client")).getPool().end();
  } finally {
    if (!process.env.BENCH_KEEP) await adminClient.query(`drop database if exists ${name} with (force)`);
    await adminClient.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
