/*
 * Benchmark: the assignment sweep (issue 14). Bulk-inserts a workspace with 10,000 waiting
 * conversations over 10 inboxes with auto-assignment on and 200 agents, in a throwaway PostgreSQL
 * database, and times systemServeAllQueues (what the worker runs every 30 s) three ways: everyone
 * at capacity, capacity freed for some agents, nobody online. Beside it, on the same box in the same
 * run, the bare SQL of one queue-head lookup and one candidate query, and a `select 1`, so the
 * figures can be read against the machine. Prints figures; checks that each sweep with freed
 * capacity filled exactly the freed slots, oldest first (replayed in the order they were handed out).
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import pg from "pg";
import { freshDatabase } from "../support/app-process";

const INBOXES = 10;
const AGENTS = 200;
const TEAMS = 5;
const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const SWEEPS = Number(process.env.BENCH_SWEEPS ?? 15);
const FREED = 20;
const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const RANK: Record<string, number> = { urgent: 0, high: 1, medium: 2, low: 3, none: 4 };

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
};

async function main() {
  // A throwaway, migrated database on the server (e2e/support/app-process.ts), dropped at the end.
  const database = await freshDatabase(server);
  const url = database.url;
  Object.assign(process.env, { DATABASE_URL: url, KONVERSIO_WORKER: "0", AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(24).toString("hex") });
  try {
    // Imported after DATABASE_URL is set: the app's pool and bus read it.
    const { getDb, getPool } = await import("@/db/client");
    const { systemServeAllQueues } = await import("@/lib/assignment/queue");
    const { inboxAgentsSubquery } = await import("@/lib/access/visibility");
    const { closeBus } = await import("@/lib/realtime/bus");
    const db = getDb();

    const t0 = performance.now();
    await seed(db);
    await db.execute(sql`vacuum analyze`);
    const seeded = (await db.execute<{ waiting: number; assigned: number; other: number; members: number }>(sql`
      select (select count(*) from conversations where status = 'open' and assignee_id is null)::int as waiting,
             (select count(*) from conversations where status = 'open' and assignee_id is not null)::int as assigned,
             (select count(*) from conversations where status <> 'open')::int as other,
             (select round(avg(n))::int from (select count(*) n from inboxes i, lateral ${inboxAgentsSubquery("user_id", { inboxId: sql`i.id` })} a group by i.id) x) as members`)).rows[0]!;
    console.log(
      `Assignment sweep — ${INBOXES} inboxes with auto-assignment on, ${AGENTS} agents (about ${seeded.members} per inbox, ${TEAMS} teams), ` +
        `${seeded.waiting.toLocaleString()} waiting, ${seeded.assigned.toLocaleString()} open assigned (everyone at capacity), ${seeded.other.toLocaleString()} pending/resolved; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    async function sweep(): Promise<{ ms: number; assigned: number }> {
      const started = performance.now();
      const assigned = await systemServeAllQueues(db);
      return { ms: performance.now() - started, assigned };
    }
    await sweep(); // warm-up: JIT, pools, plans

    // (a) Everyone at capacity: nothing to hand out.
    const steady: number[] = [];
    for (let i = 0; i < SWEEPS; i++) {
      const s = await sweep();
      if (s.assigned) throw new Error(`a sweep at capacity assigned ${s.assigned}`);
      steady.push(s.ms);
    }

    // (b) Capacity freed for FREED agents (one resolved conversation each, written directly so
    // that nothing but the sweep serves the queue): the sweep hands out exactly those slots.
    const freed: number[] = [];
    const freedRounds = Math.max(3, Math.ceil(SWEEPS / 3));
    for (let i = 0; i < freedRounds; i++) {
      const before = await snapshot(db);
      const agents = (
        await db.execute<{ id: string }>(sql`
          with picked as (select id from users where role = 'agent' order by md5(id::text || ${i}) limit ${FREED})
          update conversations c set status = 'resolved'
          from (select distinct on (c.assignee_id) c.id from conversations c join picked p on p.id = c.assignee_id
                where c.status = 'open' order by c.assignee_id, c.created_at) one
          where c.id = one.id returning c.assignee_id as id`)
      ).rows.map((r) => r.id);
      if (agents.length !== FREED) throw new Error(`freed ${agents.length} slots, meant ${FREED}`);
      const s = await sweep();
      freed.push(s.ms);
      const after = await snapshot(db);
      verify(before, after, new Set(agents), s.assigned);
    }

    // (c) Nobody online.
    await db.execute(sql`update users set stream_seen_at = null`);
    await db.execute(sql`
      update conversations c set status = 'resolved'
      from (select distinct on (assignee_id) id from conversations where status = 'open' and assignee_id is not null order by assignee_id, created_at) one
      where c.id = one.id`); // free capacity everywhere: it is presence that stops them now
    const offline: number[] = [];
    for (let i = 0; i < SWEEPS; i++) {
      const s = await sweep();
      if (s.assigned) throw new Error(`a sweep with nobody online assigned ${s.assigned}`);
      offline.push(s.ms);
    }
    await db.execute(sql`update users set stream_seen_at = now() + interval '1 day'`);

    // The box: the bare statements one inbox's sweep cannot do without (its queue head and its
    // candidates with their counts), straight through pg, and a round trip that does nothing.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const inboxIds = (await client.query<{ id: string }>(`select id from inboxes order by public_id`)).rows.map((r) => r.id);
    const head = `select c.id, c.team_id from conversations c where c.inbox_id = $1 and c.status = 'open' and c.assignee_id is null
      order by case c.priority when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end,
               coalesce(c.waiting_since, c.created_at), c.created_at, c.id limit 1`;
    const candidates = `select u.id, u.capacity, u.last_assigned_at,
        (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open')::int as open_total,
        (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open' and c.inbox_id = $1)::int as open_here
      from users u where u.active and u.availability = 'online' and u.stream_seen_at > now() - interval '120 seconds'
        and u.id in (select user_id from inbox_members where inbox_id = $1
                     union select tm.user_id from inbox_teams it join team_members tm on tm.team_id = it.team_id where it.inbox_id = $1)`;
    const time = async (fn: () => Promise<unknown>) => {
      const xs: number[] = [];
      for (let i = 0; i < SWEEPS; i++) {
        const s = performance.now();
        await fn();
        xs.push(performance.now() - s);
      }
      return stats(xs);
    };
    const bare = await time(async () => {
      for (const id of inboxIds) {
        await client.query(head, [id]);
        await client.query(candidates, [id]);
      }
    });
    const ping = await time(async () => {
      for (let i = 0; i < 100; i++) await client.query("select 1");
    });
    await client.end();

    const row = (what: string, xs: { p50: number; p95: number }, n: number) =>
      console.log(`${what.padEnd(58)} p50 ${xs.p50.toFixed(1).padStart(7)} ms   p95 ${xs.p95.toFixed(1).padStart(7)} ms   (${n} runs)`);
    console.log("");
    row("(a) sweep, everyone at capacity (nothing to hand out)", stats(steady), steady.length);
    row(`(b) sweep, ${FREED} slots freed (hands out exactly ${FREED})`, stats(freed), freed.length);
    row("(c) sweep, nobody online", stats(offline), offline.length);
    console.log("");
    row(`box: bare head + candidate SQL for ${INBOXES} inboxes (pg)`, bare, SWEEPS);
    row("box: 100 × select 1 (pg)", ping, SWEEPS);
    console.log(`\n(b) checked each time: exactly the ${FREED} freed agents got one conversation each, in queue order (priority, then longest waiting), nobody over capacity`);

    await closeBus();
    await getPool().end();
  } finally {
    if (!process.env.BENCH_KEEP) await database.drop();
  }
}


/**
 * 10 inboxes; 200 agents, each a direct member of one inbox (every fourth of a second one too),
 * the first 100 also in one of 5 teams, each team working two inboxes; capacities 4–6, all online.
 * Every agent holds their capacity in open conversations of their first inbox, plus pending and
 * resolved ones that do not count. The waiting conversations: a third with a team of their inbox,
 * priorities mixed (most none), waiting since up to ten hours ago.
 */
async function seed(db: Db) {
  await db.execute(sql`
    insert into inboxes (name, channel_type, public_id, auto_assignment)
    select 'Queue ' || g, 'api', 'q-' || lpad(g::text, 2, '0'), '{"enabled": true, "mode": "balanced", "capacity": null}'::jsonb
    from generate_series(0, ${INBOXES - 1}) g`);
  await db.execute(sql`
    insert into users (name, email, password_hash, role, availability, capacity, last_assigned_at, stream_seen_at)
    select 'Agent ' || g, 'agent-' || lpad(g::text, 3, '0') || '@bench.test', 'x', 'agent', 'online', 4 + g % 3, now() - (g || ' minutes')::interval, now() + interval '1 day'
    from generate_series(0, ${AGENTS - 1}) g`);
  await db.execute(sql`insert into teams (name) select 'Team ' || g from generate_series(0, ${TEAMS - 1}) g`);
  const lists = sql`
    il as (select array_agg(id order by public_id) ids from inboxes),
    ul as (select array_agg(id order by email) ids from users),
    tl as (select array_agg(id order by name) ids from teams)`;
  await db.execute(sql`
    with ${lists}
    insert into inbox_members (inbox_id, user_id)
    select distinct il.ids[1 + x.inbox], ul.ids[1 + g]
    from generate_series(0, ${AGENTS - 1}) g, il, ul,
      lateral (select g % ${INBOXES} as inbox union all select (g + 3) % ${INBOXES} where g % 4 = 0) x`);
  await db.execute(sql`
    with ${lists}
    insert into team_members (team_id, user_id) select tl.ids[1 + g % ${TEAMS}], ul.ids[1 + g] from generate_series(0, ${AGENTS / 2 - 1}) g, tl, ul`);
  await db.execute(sql`
    with ${lists}
    insert into inbox_teams (inbox_id, team_id)
    select il.ids[1 + x.inbox], tl.ids[1 + t] from generate_series(0, ${TEAMS - 1}) t, il, tl,
      lateral (select t as inbox union all select t + ${TEAMS}) x`);
  await db.execute(sql`insert into contacts (name) select 'Contact ' || g from generate_series(1, 2000) g`);
  const contact = sql`(select array_agg(id) ids from contacts)`;
  // Held by agents: their capacity in open conversations, and as many pending/resolved ones again.
  await db.execute(sql`
    with ${lists}, cl as ${contact},
      home as (select u.id, u.capacity, il.ids[1 + (substr(u.email, 7, 3)::int % ${INBOXES})] as inbox_id from users u, il)
    insert into conversations (inbox_id, contact_id, status, assignee_id, last_activity_at, created_at)
    select h.inbox_id, cl.ids[1 + (abs(hashtext(h.id::text || k)) % 2000)],
           case when k <= h.capacity then 'open' when k % 2 = 0 then 'pending' else 'resolved' end,
           h.id, now() - (k || ' hours')::interval, now() - (k || ' hours')::interval
    from home h, cl, generate_series(1, 12) k`);
  // The queue: unassigned open conversations, their team one that works their inbox.
  await db.execute(sql`
    with ${lists}, cl as ${contact}
    insert into conversations (inbox_id, contact_id, status, team_id, priority, waiting_since, last_incoming_at, last_activity_at, created_at)
    select il.ids[1 + g % ${INBOXES}], cl.ids[1 + g % 2000], 'open',
           case when g % 3 = 0 then tl.ids[1 + (g % ${INBOXES}) % ${TEAMS}] end,
           (array['urgent','high','medium','low','none','none','none','none','none','none'])[1 + (g * 7) % 10],
           w, w, w, w - interval '1 minute'
    from generate_series(0, ${WAITING - 1}) g, il, cl, tl, lateral (select now() - ((g * 3.6) || ' seconds')::interval as w) t`);
}

type Snapshot = {
  queue: { id: string; inbox: string; team: string | null; rank: number; waiting: number; created: number }[];
  agents: Map<string, { capacity: number | null; openTotal: number; inboxes: Set<string>; teams: Set<string>; lastAssigned: number }>;
  assignedTo: Map<string, string>;
};

/** The queue and the agents as they stand, to replay a sweep against. */
async function snapshot(db: Db): Promise<Snapshot> {
  const queue = (
    await db.execute<{ id: string; inbox_id: string; team_id: string | null; priority: string; waiting: string; created: string }>(sql`
      select id, inbox_id, team_id, priority, extract(epoch from coalesce(waiting_since, created_at)) as waiting, extract(epoch from created_at) as created
      from conversations where status = 'open' and assignee_id is null`)
  ).rows.map((r) => ({ id: r.id, inbox: r.inbox_id, team: r.team_id, rank: RANK[r.priority]!, waiting: Number(r.waiting), created: Number(r.created) }));
  queue.sort((a, b) => a.rank - b.rank || a.waiting - b.waiting || a.created - b.created || (a.id < b.id ? -1 : 1));
  const agentRows = (
    await db.execute<{ id: string; capacity: number | null; open_total: number; last: string | null; inboxes: string[]; teams: string[] }>(sql`
      select u.id, u.capacity, extract(epoch from u.last_assigned_at) as last,
        (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open')::int as open_total,
        array(select inbox_id from inbox_members m where m.user_id = u.id
              union select it.inbox_id from inbox_teams it join team_members tm on tm.team_id = it.team_id where tm.user_id = u.id) as inboxes,
        array(select team_id from team_members tm where tm.user_id = u.id) as teams
      from users u`)
  ).rows;
  const agents: Snapshot["agents"] = new Map(
    agentRows.map((r) => [r.id, { capacity: r.capacity, openTotal: r.open_total, inboxes: new Set(r.inboxes), teams: new Set(r.teams), lastAssigned: r.last ? Number(r.last) : -Infinity }]),
  );
  const assignedTo = new Map(
    (await db.execute<{ id: string; assignee_id: string }>(sql`select id, assignee_id from conversations where status = 'open' and assignee_id is not null`)).rows.map((r) => [r.id, r.assignee_id]),
  );
  return { queue, agents, assignedTo };
}

/**
 * Replays the sweep in the order its assignments were made (each agent's last_assigned_at) and
 * checks each one against the rules (docs/architecture.md §5.8): the conversation was the first in its inbox's
 * queue that someone free could take, and it went to the free eligible agent with the fewest open
 * conversations (then the least recently assigned). Then: exactly the freed slots were filled.
 */
function verify(before: Snapshot, after: Snapshot, freedAgents: Set<string>, reported: number) {
  const agents = new Map([...before.agents].map(([id, a]) => [id, { ...a, openTotal: a.openTotal - (freedAgents.has(id) ? 1 : 0) }]));
  const made = before.queue
    .filter((c) => after.assignedTo.has(c.id))
    .map((c) => ({ conv: c, agent: after.assignedTo.get(c.id)!, at: after.agents.get(after.assignedTo.get(c.id)!)!.lastAssigned }))
    .sort((a, b) => a.at - b.at);
  const room = (id: string) => {
    const a = agents.get(id)!;
    return a.capacity === null || a.openTotal < a.capacity;
  };
  const eligible = (c: Snapshot["queue"][number]) =>
    [...agents].filter(([id, a]) => a.inboxes.has(c.inbox) && (!c.team || a.teams.has(c.team)) && room(id)).map(([id]) => id);
  const waiting = new Set(before.queue.map((c) => c.id));
  for (const step of made) {
    const first = before.queue.find((c) => c.inbox === step.conv.inbox && waiting.has(c.id) && eligible(c).length > 0);
    if (first?.id !== step.conv.id) throw new Error(`conversation ${step.conv.id} was handed out before ${first?.id}, which was ahead in the queue`);
    const best = eligible(step.conv).sort((x, y) => {
      const a = agents.get(x)!;
      const b = agents.get(y)!;
      return a.openTotal - b.openTotal || a.lastAssigned - b.lastAssigned || (x < y ? -1 : 1);
    })[0];
    if (best !== step.agent) throw new Error(`conversation ${step.conv.id} went to ${step.agent}, balanced picks ${best}`);
    agents.get(step.agent)!.openTotal++;
    agents.get(step.agent)!.lastAssigned = step.at;
    waiting.delete(step.conv.id);
  }
  const left = before.queue.find((c) => waiting.has(c.id) && eligible(c).length > 0);
  if (left) throw new Error(`conversation ${left.id} still waits though someone free could take it`);
  if (made.length !== freedAgents.size || reported !== made.length) throw new Error(`handed out ${made.length} (sweep said ${reported}), freed ${freedAgents.size}`);
  for (const [id, a] of after.agents) {
    if (a.capacity !== null && a.openTotal > a.capacity) throw new Error(`agent ${id} is over capacity`);
    if (freedAgents.has(id) && a.openTotal !== before.agents.get(id)!.openTotal) throw new Error(`freed agent ${id} did not get their slot back filled`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
