import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { Api, type Json } from "./support/api-client";
import { sendSigned } from "./support/app";
import { freshDatabase, startApp, type AppProcess, type FreshDatabase } from "./support/app-process";
import { problems, report, secretsIn, type Failure, type Secret } from "./support/fuzz/check";
import { casesFor, operationsOf, prng, type FuzzCase, type OpenApiDoc, type Operation } from "./support/fuzz/generate";
import { closeClient, send, sendThenProbe } from "./support/fuzz/http";

/*
 * Issue 10: every operation of /api/v1/openapi.json, walked with generated bad requests as an
 * administrator, an agent and anonymously. No answer may be a 5xx, a 4xx must be the contract's
 * error shape, and no answer (nor the app's log) may carry a secret. The app runs on a database of
 * its own, so the fuzzing cannot disturb the other specs. FUZZ_SEED replays a run.
 */
test.describe.configure({ mode: "serial" });

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const CONCURRENCY = 4;
const AUTH_SECRET = `fuzz-auth-secret-${randomBytes(16).toString("hex")}`;
const ADMIN = { email: "fuzz-admin@konversio.test", password: "Fuzz-Admin-Passw0rd-7d1e" };
const AGENT = { name: "Fuzz Agent", email: "fuzz-agent@konversio.test", role: "agent", password: "Fuzz-Agent-Passw0rd-93ab" };
const VICTIM = { name: "Fuzz Victim", email: "fuzz-victim@konversio.test", role: "agent", password: "Fuzz-Victim-Passw0rd-55c2" };

let database: FreshDatabase;
let app: AppProcess;
let ctx: APIRequestContext;
let admin: Api;
let agentToken: string;
/** Real ids by collection: `main` the agent works with, `victim` for the administrator's changes, `hidden` the agent may not see. */
const world: Record<"main" | "victim" | "hidden", Record<string, string>> = { main: {}, victim: {}, hidden: {} };
const secrets: Secret[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await freshDatabase();
  app = await startApp({
    databaseUrl: database.url,
    name: "fuzz",
    env: { AUTH_SECRET, KONVERSIO_ADMIN_EMAIL: ADMIN.email, KONVERSIO_ADMIN_PASSWORD: ADMIN.password },
  });
  ctx = await playwrightRequest.newContext();
  const token = async (who: { email: string; password: string }) => {
    const res = await ctx.post(`${app.url}/api/v1/auth/token`, { data: { email: who.email, password: who.password } });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()).token as string;
  };
  admin = new Api(ctx, await token(ADMIN), app.url);
  const agent = await admin.post("/agents", AGENT);
  agentToken = await token(AGENT);
  const victim = await admin.post("/agents", VICTIM);

  const team = await admin.post("/teams", { name: "Fuzz Team", description: "agent's team" });
  await admin.put(`/teams/${team.id}/members`, { agentIds: [agent.id] });
  const victimTeam = await admin.post("/teams", { name: "Fuzz Victim Team" });

  // An inbox of each kind that needs no provider: api (the agent's, another they may not see, a victim) and website.
  const apiInbox: Json = await admin.post("/inboxes", { name: "Fuzz API", channel: { type: "api" }, agentIds: [agent.id] });
  const hiddenInbox: Json = await admin.post("/inboxes", { name: "Fuzz Hidden API", channel: { type: "api" } });
  const victimInbox: Json = await admin.post("/inboxes", { name: "Fuzz Victim API", channel: { type: "api" } });
  const website: Json = await admin.post("/inboxes", { name: "Fuzz Website", channel: { type: "website", websiteUrl: "https://shop.example.com" } });

  const ingest = async (inbox: Json, tag: string) => {
    const res = await sendSigned(ctx, inbox, { contact: { sourceId: `fuzz-${tag}`, name: `Fuzz ${tag}` }, message: { sourceId: `fuzz-${tag}-1`, content: `Hello from ${tag}` } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { conversationId: string; messageId: string };
  };
  const main = await ingest(apiInbox, "main");
  const hidden = await ingest(hiddenInbox, "hidden");
  await new Api(ctx, agentToken, app.url).post(`/conversations/${main.conversationId}/messages`, { content: "A reply from the agent" });

  // A rule on the agent's inbox: /automation-rules/{id} and its runs reach their success paths too.
  const rule: Json = await admin.post("/automation-rules", { name: "Fuzz rule", event: "message.received", inboxIds: [apiInbox.id], actions: [{ type: "add_note", content: "fuzz" }] });
  Object.assign(world.main, { agents: agent.id, teams: team.id, inboxes: apiInbox.id, conversations: main.conversationId, messages: main.messageId, "automation-rules": rule.id });
  Object.assign(world.victim, { agents: victim.id, teams: victimTeam.id, inboxes: victimInbox.id });
  Object.assign(world.hidden, { inboxes: hiddenInbox.id, conversations: hidden.conversationId, messages: hidden.messageId });

  // The contract returns an inbox's generated values to administrators on the inbox routes only.
  const inboxRoute = (w: { path: string; caller: string }) => w.caller === "admin" && w.path.startsWith("/api/v1/inboxes");
  const generated = (v: Json, key = ""): [string, string][] =>
    typeof v === "string" ? (/^(hmacToken|webhookSecret|websiteToken)$/.test(key) ? [[key, v]] : []) : v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => generated(x, k)) : [];
  for (const [k, value] of [apiInbox, hiddenInbox, victimInbox, website].flatMap((i) => generated(i))) secrets.push({ name: `an inbox's ${k}`, value, allowed: inboxRoute });
  // A rule's webhook secret is returned to administrators with the rule (also in an inbox's rule list).
  const ruleRoute = (w: { path: string; caller: string }) => w.caller === "admin" && (w.path.startsWith("/api/v1/automation-rules") || w.path.startsWith("/api/v1/inboxes"));
  secrets.push({ name: "a rule's webhookSecret", value: rule.webhookSecret, allowed: ruleRoute });
  secrets.push(
    { name: "AUTH_SECRET", value: AUTH_SECRET },
    { name: "DATABASE_URL", value: database.url },
    { name: "the database's name", value: database.name },
    { name: "the admin's token", value: admin.token! },
    { name: "the agent's token", value: agentToken },
    ...[ADMIN, AGENT, VICTIM].map((u) => ({ name: `the password of ${u.email}`, value: u.password })),
  );
});

test.afterAll(async () => {
  closeClient();
  await ctx?.dispose();
  await app?.stop();
  await database?.drop().catch(() => {});
});

test("every operation of the OpenAPI document survives generated bad requests from every caller", async () => {
  test.setTimeout(240_000);
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run)`);
  const docRes = await ctx.get(`${app.url}/api/v1/openapi.json`);
  expect(docRes.status()).toBe(200);
  const ops = operationsOf((await docRes.json()) as OpenApiDoc);
  expect(ops.length, "operations in the document").toBeGreaterThan(20);
  // Deletions last, so the objects the other operations use exist while they run.
  const ordered = [...ops.filter((o) => o.method !== "DELETE"), ...ops.filter((o) => o.method === "DELETE")];

  const rng = prng(SEED);
  let n = 0;
  const callers = [
    { name: "admin", headers: { authorization: `Bearer ${admin.token}` } as Record<string, string> },
    { name: "agent", headers: { authorization: `Bearer ${agentToken}` } },
    { name: "anonymous", headers: {} },
  ];
  const tasks: { op: Operation; caller: (typeof callers)[number]; c: FuzzCase }[] = [];
  for (const op of ordered) {
    for (const caller of callers) {
      // The administrator changes and deletes victims; reads and everyone else use the agent's world.
      const useVictim = caller.name === "admin" && op.method !== "GET";
      const ids = (collection: string) => (useVictim ? world.victim[collection] : undefined) ?? world.main[collection] ?? world.main.conversations!;
      const hidden = caller.name === "admin" ? undefined : world.hidden;
      // Anonymous calls stop at the authentication check, so 40% of them (drawn by the PRNG) do.
      const cases = casesFor(op, { rng, ids, hidden, n: () => ++n }).filter(() => caller.name !== "anonymous" || op.anonymous || rng.next() < 0.4);
      for (const c of cases) tasks.push({ op, caller, c });
    }
  }
  console.log(`fuzz: ${tasks.length} requests over ${ops.length} operations × ${callers.length} callers`);

  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  let legitSecrets = 0; // answers that carried a generated value where the contract allows it
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const { op, caller, c } = tasks[next++]!;
      const headers: Record<string, string> = { ...caller.headers };
      if (c.body) headers["content-type"] = c.contentType ?? "application/json";
      const req = { method: op.method, path: c.path, headers, body: c.body, chunked: c.chunked };
      const a = c.chunked ? await sendThenProbe(app.url, req, { method: "GET", path: `${op.base}/openapi.json` }) : await send(app.url, req);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const where = { method: op.method, path: c.path, caller: caller.name };
      const found = problems(a, where, secrets);
      if (secrets.some((s) => s.allowed?.(where) && a.body.includes(s.value))) legitSecrets++;
      const ok = a.status >= 200 && a.status < 300;
      if (ok && caller.name === "anonymous" && !op.anonymous) found.push("anonymous caller got a 2xx");
      if (ok && caller.name === "agent" && op.adminOnly) found.push("agent got a 2xx on an administrator operation");
      if (ok && c.hidden) found.push("reached an object this caller may not see");
      if (found.length) {
        failures.push({ ...where, op: `${op.method} ${op.path}`, case: c.name, status: a.status, problems: found, excerpt: JSON.stringify(a.body.slice(0, 200)) });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${tasks.length} requests in ${seconds} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);

  // Valid-shaped requests must have reached a success path somewhere, or the fuzzing only ever knocked on the door.
  expect(statuses.get(200) ?? 0, "some requests succeeded").toBeGreaterThan(50);
  expect(statuses.get(201) ?? 0, "some valid-shaped creations succeeded").toBeGreaterThan(3);
  // The secret check reads the bodies: the administrator's inbox answers do carry the generated values.
  expect(legitSecrets, "answers with an inbox's generated values, to its administrator").toBeGreaterThan(0);

  await new Promise((r) => setTimeout(r, 500)); // let the last log lines arrive
  const leakedToLog = secretsIn(app.log(), secrets);
  if (leakedToLog.length) failures.push({ method: "-", path: "app log", caller: "-", op: "the app's log", case: "secrets in the log", status: 0, problems: leakedToLog, excerpt: "" });
  expect(failures.length, `seed ${SEED}: ${report(failures)}`).toBe(0);
});
