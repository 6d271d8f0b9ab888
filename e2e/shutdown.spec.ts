import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { freePort, needsBuild, root } from "../scripts/runtime.mjs";
import { Api, uniq, type Json } from "./support/api-client";
import { sendSigned } from "./support/app";
import { freshDatabase, startApp, type AppProcess, type FreshDatabase } from "./support/app-process";
import { readSseFrames } from "./support/sse";
import { queryOnce } from "./support/sql";

/*
 * Graceful shutdown (issue 10, point 9; docs/architecture.md §6.10): SIGTERM to a busy app — open
 * event streams, a request in flight, a delivery job running, keep-alive sockets — stops it
 * within 10 s with exit code 0, and `npm start` passes the signal on and waits. Each test starts
 * its own app on its own database; nothing waits longer than the 10 s the contract allows.
 */
test.describe.configure({ mode: "serial" });

const ADMIN = { email: "shutdown-admin@konversio.test", password: "shutdown-admin-password-1" };
const EXIT_WITHIN_MS = 10_000;
/** How long the integrator's endpoint takes to answer the delivery running at the signal. */
const CALLBACK_HOLD_MS = 3_000;

let database: FreshDatabase | undefined;
let app: AppProcess | undefined;
let starter: ChildProcess | undefined;
let childPid: number | undefined;
let ctx: APIRequestContext | undefined;
const cleanups: (() => Promise<unknown> | void)[] = [];

test.afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await Promise.resolve(fn()).catch(() => {});
  await ctx?.dispose();
  ctx = undefined;
  await app?.kill("SIGKILL");
  app = undefined;
  for (const pid of [starter?.pid, childPid]) {
    if (pid === undefined) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone already */
    }
  }
  starter = childPid = undefined;
  await database?.drop().catch(() => {});
  database = undefined;
});

/** An integrator's callback endpoint that takes CALLBACK_HOLD_MS to answer. */
async function slowCallbackReceiver() {
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));
  const answered: number[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      arrived();
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" }).end("{}", () => answered.push(Date.now()));
      }, CALLBACK_HOLD_MS);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/konversio`, arrival, answered };
}

async function signIn(url: string): Promise<Api> {
  ctx = await playwrightRequest.newContext();
  const res = await ctx.post(`${url}/api/v1/auth/token`, { data: ADMIN });
  expect(res.status(), await res.text()).toBe(200);
  return new Api(ctx, (await res.json()).token, url);
}

/** An event stream that has sent `ready`; `ended` resolves (with the time) when the server ends it. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  cleanups.push(() => ac.abort());
  const res = await fetch(url, { headers, signal: ac.signal });
  expect(res.status, url).toBe(200);
  const stream = readSseFrames(res.body!);
  await stream.waitFor((f) => f.event === "ready", `${url}: ready`);
  return { ended: stream.done.then(() => Date.now()) };
}

/** A POST whose body arrives in two parts: it is in flight from the first until `finish()`. */
function slowPost(url: string, token: string, body: string, agent: Agent) {
  const cut = Math.floor(body.length / 2);
  const u = new URL(url);
  const req = httpRequest({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    method: "POST",
    agent,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "transfer-encoding": "chunked" },
  });
  const response = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    req.on("response", (res: IncomingMessage) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  response.catch(() => {}); // awaited by the test, unless it failed before
  req.flushHeaders();
  req.write(body.slice(0, cut));
  return { response, finish: () => req.end(body.slice(cut)) };
}

/** Whether a new TCP connection to the port is refused (the app stopped accepting). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);

const query = async (url: string, text: string, values: unknown[]) => (await queryOnce(url, text, values)).rows;

/** An api inbox delivering to `callbackUrl`, a website inbox, a conversation in each and a visitor's open stream ticket. */
async function workspace(admin: Api, appUrl: string, callbackUrl: string) {
  const api: Json = await admin.post("/inboxes", { name: `API ${uniq("shutdown")}`, channel: { type: "api", callbackUrl } });
  const sent = await sendSigned(ctx!, api, { contact: { sourceId: "shutdown-contact", name: "Shutdown Contact" }, message: { sourceId: randomUUID(), content: "Hello" } });
  expect(sent.status(), await sent.text()).toBe(201);
  const website: Json = await admin.post("/inboxes", { name: `Site ${uniq("shutdown")}`, channel: { type: "website", websiteUrl: "https://shop.example.com" } });
  const widget = (p: string) => `${appUrl}/api/widget/${p}?token=${website.websiteToken}`;
  const session = await ctx!.post(widget("session"), { data: {} });
  const visitor = (await session.json()).visitorToken as string;
  const ticket = await ctx!.post(widget("stream-ticket"), { headers: { "x-konversio-visitor": visitor } });
  expect(ticket.status()).toBe(200);
  return { conversationId: (await sent.json()).conversationId as string, widgetEvents: `${widget("events")}&ticket=${(await ticket.json()).ticket}` };
}

test("SIGTERM: the request in flight and the running delivery finish, event streams end, the app exits 0 within 10 s", async () => {
  test.setTimeout(180_000);
  const receiver = await slowCallbackReceiver();
  database = await freshDatabase();
  app = await startApp({
    databaseUrl: database.url,
    name: "shutdown",
    env: { KONVERSIO_ADMIN_EMAIL: ADMIN.email, KONVERSIO_ADMIN_PASSWORD: ADMIN.password, KONVERSIO_WORKER: "1" },
  });
  const admin = await signIn(app.url);
  const { conversationId, widgetEvents } = await workspace(admin, app.url, receiver.url);
  const messagesPath = `/conversations/${conversationId}/messages`;

  // Traffic on keep-alive sockets, as after a busy period.
  const agent = new Agent({ keepAlive: true });
  cleanups.push(() => agent.destroy());
  for (let i = 0; i < 5; i++) await admin.get("/conversations");

  const streams = await Promise.all([
    openStream(`${app.url}/api/v1/events`, { authorization: `Bearer ${admin.token}` }),
    openStream(`${app.url}/api/v1/events`, { authorization: `Bearer ${admin.token}` }),
    openStream(widgetEvents),
  ]);

  // A reply whose delivery is running when the signal comes (the integrator takes 3 s to answer).
  const reply = await admin.post(messagesPath, { content: "delivered during the shutdown" });
  expect(await within(receiver.arrival.then(() => true), 20_000), "the delivery job started").toBe(true);

  const inFlight = slowPost(`${app.url}/api/v1${messagesPath}`, admin.token!, JSON.stringify({ content: "sent while the app stops" }), agent);
  await new Promise((r) => setTimeout(r, 300)); // the request has reached the app

  const signalled = Date.now();
  process.kill(app.pid, "SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  expect(await refused(Number(new URL(app.url).port)), "new connections are refused after SIGTERM").toBe(true);
  await new Promise((r) => setTimeout(r, 700));
  inFlight.finish();

  const exit = await within(app.exitStatus(), EXIT_WITHIN_MS - (Date.now() - signalled));
  expect(exit, `the app was still running ${EXIT_WITHIN_MS / 1000} s after SIGTERM:\n${app.log().slice(-2000)}`).toBeDefined();
  expect(exit!.code, `exit code, signal ${exit!.signal}:\n${app.log().slice(-2000)}`).toBe(0);
  expect(exit!.at - signalled).toBeLessThan(EXIT_WITHIN_MS);

  const done = await inFlight.response;
  expect(done.status, done.body).toBe(201);
  expect(done.connection, "the last response tells the client not to reuse the connection").toBe("close");
  const created = JSON.parse(done.body) as { id: string };

  // The streams were ended by the app, not cut by its exit: well before the process went.
  for (const [i, s] of streams.entries()) {
    const ended = await within(s.ended, 1_000);
    expect(ended, `stream ${i} ended`).toBeDefined();
    expect(ended!, `stream ${i} ended before the exit`).toBeLessThan(exit!.at - 1_000);
  }

  // The running delivery was allowed to finish: the message is sent and its job completed.
  expect(receiver.answered.length, "the callback got its answer out").toBe(1);
  const rows = await query(database.url, "select id, status from messages where id = any($1)", [[reply.id, created.id]]);
  expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toMatchObject({ [reply.id]: "sent" });
  expect(rows.map((r) => r.id), "the request in flight was stored").toContain(created.id);
  const jobs = await query(database.url, "select state from pgboss.job where name = 'deliver-message' and data->>'messageId' = $1", [reply.id]);
  expect(jobs.map((j) => j.state)).toEqual(["completed"]);
  expect(app.log()).not.toMatch(/exiting anyway/);
});

test("npm start: SIGTERM to scripts/start.mjs stops its next start, and both exit within 10 s", async () => {
  test.setTimeout(180_000);
  expect(needsBuild(), "sources are newer than .next/BUILD_ID: build first, or start.mjs would rebuild").toBe(false);
  database = await freshDatabase();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: String(port),
    APP_URL: url,
    NODE_ENV: "production",
    AUTH_SECRET: "start-mjs-" + randomBytes(12).toString("hex"),
    KONVERSIO_ADMIN_EMAIL: ADMIN.email,
    KONVERSIO_ADMIN_PASSWORD: ADMIN.password,
  };
  delete env.KONVERSIO_EMBEDDED_DB;
  let out = "";
  const proc = (starter = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] }));
  proc.stdout!.on("data", (c) => (out += c));
  proc.stderr!.on("data", (c) => (out += c));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((r) => proc.once("exit", (code, signal) => r({ code, signal, at: Date.now() })));

  const ready = Date.now() + 120_000;
  for (;;) {
    expect(proc.exitCode, `start.mjs exited:\n${out.slice(-2000)}`).toBeNull();
    expect(Date.now(), `start.mjs did not become ready:\n${out.slice(-2000)}`).toBeLessThan(ready);
    const res = await fetch(`${url}/login`, { redirect: "manual" }).catch(() => null);
    if (res && res.status < 500) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(out, "start.mjs did not rebuild").not.toMatch(/Building Konversio/);
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(proc.pid)], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
  expect(children, "start.mjs runs one next start").toHaveLength(1);
  childPid = children[0]!;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  const admin = await signIn(url);
  for (let i = 0; i < 5; i++) await admin.get("/conversations");
  const stream = await openStream(`${url}/api/v1/events`, { authorization: `Bearer ${admin.token}` });

  const signalled = Date.now();
  proc.kill("SIGTERM");
  const exit = await within(exited, EXIT_WITHIN_MS);
  expect(exit, `start.mjs was still running ${EXIT_WITHIN_MS / 1000} s after SIGTERM (next start ${alive(childPid) ? "too" : "gone"}):\n${out.slice(-2000)}`).toBeDefined();
  expect(exit!.code, `exit code, signal ${exit!.signal}:\n${out.slice(-2000)}`).toBe(0);
  expect(exit!.at - signalled).toBeLessThan(EXIT_WITHIN_MS);
  expect(alive(childPid), "next start is gone with start.mjs").toBe(false);
  expect(await within(stream.ended, 1_000), "the event stream ended").toBeDefined();
});
