import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { Api, uniq, type Json } from "./support/api-client";
import { freshDatabase, startApp, type AppProcess, type FreshDatabase } from "./support/app-process";
import { createTelegramFake, messageUpdate } from "./fakes/telegram";

/*
 * The app killed (SIGKILL) while a reply is inside its provider call (issue 10 §8). Before, the
 * reply stayed "pending" for the 15 minutes of pg-boss's job expiry and was then sent a second
 * time. Now another start of the app picks the job up within a minute and, because Telegram cannot
 * drop a repeat, fails the reply in words that say it may have gone out — exactly one call reached
 * the provider. The app and its database are this spec's own.
 */
test.describe.configure({ mode: "serial" });

const ADMIN = { email: "crash-admin@konversio.test", password: "crash-admin-password-1" };
const AUTH_SECRET = randomBytes(24).toString("hex");
const fake = createTelegramFake();
let database: FreshDatabase;
let app: AppProcess | undefined;
let ctx: APIRequestContext;

/** A bot the fake accepts (getMe), so that creating the inbox passes its credential check. */
function addBot(name: string) {
  const id = 7_900_000 + Math.floor(Math.random() * 90_000);
  const token = `${id}:AA${randomBytes(16).toString("hex")}`;
  fake.state.bots[token] = { id, first_name: name, username: `crash${id}_bot` };
  return { id, token };
}

async function start(name: string): Promise<Api> {
  app = await startApp({
    databaseUrl: database.url,
    name,
    // The same secret on both starts, as in production: the inbox's credentials are encrypted with it.
    env: { AUTH_SECRET, KONVERSIO_ADMIN_EMAIL: ADMIN.email, KONVERSIO_ADMIN_PASSWORD: ADMIN.password, TELEGRAM_API_URL: fake.url },
  });
  const res = await ctx.post(`${app.url}/api/v1/auth/token`, { data: ADMIN });
  expect(res.status(), await res.text()).toBe(200);
  return new Api(ctx, (await res.json()).token, app.url);
}

test.beforeAll(async () => {
  await fake.start();
  database = await freshDatabase();
  ctx = await playwrightRequest.newContext();
});

test.afterAll(async () => {
  await ctx?.dispose();
  await app?.stop();
  await fake.close();
  await database?.drop().catch(() => {});
});

test("a reply whose send was cut by SIGKILL is not sent twice: failed within a minute or so after restart, one provider call", async () => {
  test.setTimeout(240_000);
  let admin = await start("crash-1");
  const bot = addBot("Crash bot");
  const inbox = await admin.post("/inboxes", { name: `Telegram ${uniq("crash")}`, channel: { type: "telegram", botToken: bot.token } });
  const hook = fake.state.webhooks[bot.id]!;
  const update = messageUpdate({ text: "Did my refund go through?" });
  const res = await ctx.post(hook.url, {
    data: JSON.stringify(update),
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": hook.secret_token! },
  });
  expect(res.status(), await res.text()).toBe(200);
  let conversation: Json | undefined;
  await expect.poll(async () => (conversation = ((await admin.get(`/conversations?inboxId=${inbox.id}`)).data as Json[])[0])?.id).toBeTruthy();

  // Telegram is slow to answer: the app dies while the call is open.
  fake.delay({ match: "sendMessage", ms: 60_000 });
  const reply = await admin.post(`/conversations/${conversation!.id}/messages`, { content: "Yes, it went out this morning." });
  await expect.poll(() => fake.calls("sendMessage").length, { timeout: 20_000 }).toBe(1);
  await app!.kill("SIGKILL");

  admin = await start("crash-2");
  const startedAt = Date.now();
  const status = async () => ((await admin.get(`/conversations/${conversation!.id}/messages`)).data as Json[]).find((m) => m.id === reply.id);
  await expect.poll(async () => (await status())?.status, { timeout: 120_000, intervals: [1_000] }).toBe("failed");
  const after = Date.now() - startedAt;
  console.log(`[crash] reply settled ${Math.round(after / 1000)} s after the restart`);
  expect((await status())?.error).toMatch(/may have reached the customer anyway/);
  expect(after, "picked up again well before pg-boss's default 15-minute expiry").toBeLessThan(100_000);
  // Wait past one more retry window: nothing sends it again.
  await new Promise((r) => setTimeout(r, 5_000));
  expect(fake.calls("sendMessage")).toHaveLength(1);

  // The agent's Resend sends it once more, on purpose.
  expect((await admin.call("POST", `/conversations/${conversation!.id}/messages/${reply.id}/resend`, {})).status()).toBe(200);
  await expect.poll(async () => (await status())?.status, { timeout: 20_000 }).toBe("sent");
  expect(fake.calls("sendMessage")).toHaveLength(2);
});
