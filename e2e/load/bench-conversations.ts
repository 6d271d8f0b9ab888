/*
 * Benchmark: the agent's conversation list and counts at scale. Seeds BENCH_CONVERSATIONS
 * (default 1,000,000) conversations into a throwaway database, then times listConversations
 * for an administrator and for agents with typical filters. Prints figures; asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { createDb } from "@/db/client";
import type { Actor } from "@/lib/access/actor";
import { listConversations } from "@/lib/conversations/list";
import { migrate } from "../../scripts/runtime.mjs";

const N = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 20);
const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function seed(db: ReturnType<typeof createDb>["db"]) {
    await db.execute(sql`
      insert into users (name, email, password_hash, role)
      select 'User ' || i, 'user' || i || '@bench.test', 'x', case when i = 1 then 'administrator' else 'agent' end
      from generate_series(1, 50) i`);
    await db.execute(sql`insert into inboxes (name, channel_type, public_id) select 'Inbox ' || i, 'api', 'pub' || i from generate_series(1, 40) i`);
    await db.execute(sql`insert into teams (name) values ('Billing'), ('Sales')`);
    // Agents 2..50 each work 3 inboxes directly; team Billing works inboxes 1..5.
    await db.execute(sql`
      insert into inbox_members (inbox_id, user_id)
      select distinct i.id, u.id from users u
      join lateral (select id from inboxes order by name offset (abs(hashtext(u.email)) % 37) limit 3) i on true
      where u.role = 'agent'`);
    await db.execute(sql`insert into inbox_teams (inbox_id, team_id) select i.id, t.id from (select id from inboxes order by name limit 5) i, teams t where t.name = 'Billing'`);
    await db.execute(sql`insert into team_members (team_id, user_id) select t.id, u.id from teams t, (select id from users where role = 'agent' limit 10) u where t.name = 'Billing'`);
    await db.execute(sql`insert into contacts (name, email) select 'Contact ' || i, 'c' || i || '@example.com' from generate_series(1, ${Math.ceil(N / 4)}) i`);
    await db.execute(sql`
      with inbox_list as (select array_agg(id order by name) ids from inboxes),
           user_list as (select array_agg(id order by email) ids from users where role = 'agent'),
           contact_list as (select array_agg(id) ids from contacts)
      insert into conversations (inbox_id, contact_id, status, assignee_id, last_activity_at, last_message_preview)
      select il.ids[1 + (g % 40)],
             cl.ids[1 + (g % array_length(cl.ids, 1))],
             (array['open','open','pending','snoozed','resolved','resolved','resolved','resolved'])[1 + (g % 8)],
             case when g % 3 = 0 then null else ul.ids[1 + (g % array_length(ul.ids, 1))] end,
             now() - (g || ' seconds')::interval,
             'Message preview ' || g
      from generate_series(1, ${N}) g, inbox_list il, user_list ul, contact_list cl`);
}

async function main() {
  // BENCH_REUSE=<database> re-times an already seeded database (kept with BENCH_KEEP=1).
  const reuse = process.env.BENCH_REUSE;
  const name = reuse ?? `konversio_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  if (!reuse) await admin.query(`create database ${name}`);
  const url = new URL(server);
  url.pathname = "/" + name;
  try {
    await migrate(url.toString());
    const { db, pool } = createDb(url.toString(), 4);
    const t0 = performance.now();
    if (!reuse) await seed(db);
    await db.execute(sql`vacuum analyze`);
    console.log(`${reuse ? "Reusing" : "Seeded"} ${N.toLocaleString()} conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);


    const users = (await db.execute<{ id: string; name: string; email: string; role: Actor["role"] }>(sql`select id, name, email, role from users order by role, email limit 3`)).rows;
    const adminActor = users.find((u) => u.role === "administrator")!;
    if (!adminActor || !users.some((u) => u.role === "agent")) throw new Error("seed produced no users: " + JSON.stringify(users));
    const agentActor = users.find((u) => u.role === "agent")!;
    const inboxId = (await db.execute<{ id: string }>(sql`select id from inboxes order by name limit 1`)).rows[0]!.id;

    const cases: [string, Actor, Record<string, string>][] = [
      ["admin · all open", adminActor, { status: "open" }],
      ["admin · mine open", adminActor, { status: "open", assignee: "me" }],
      ["admin · one inbox, unassigned", adminActor, { status: "open", inboxId, assignee: "unassigned" }],
      ["agent · all open (visible inboxes)", agentActor, { status: "open" }],
      ["agent · mine open", agentActor, { status: "open", assignee: "me" }],
      ["agent · resolved, all", agentActor, { status: "resolved" }],
      ["admin · search 'Contact 12345'", adminActor, { status: "all", q: "Contact 12345" }],
    ];
    console.log(`\n${"query".padEnd(38)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  page 2 p50`);
    for (const [label, actor, params] of cases) {
      const times: number[] = [];
      const page2: number[] = [];
      for (let i = 0; i < REPS; i++) {
        let t = performance.now();
        const first = await listConversations(db, actor, params);
        times.push(performance.now() - t);
        if (first.nextCursor) {
          t = performance.now();
          await listConversations(db, actor, { ...params, cursor: first.nextCursor });
          page2.push(performance.now() - t);
        }
      }
      const pct = (a: number[], p: number) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!.toFixed(1) : "-");
      console.log(`${label.padEnd(38)} ${pct(times, 0.5).padStart(8)} ${pct(times, 0.95).padStart(8)}  ${pct(page2, 0.5).padStart(8)}`);
    }
    await pool.end();
  } finally {
    if (!process.env.BENCH_KEEP && !reuse) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
