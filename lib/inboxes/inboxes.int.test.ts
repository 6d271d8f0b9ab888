import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, conversations, inboxes, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import type * as Registry from "@/lib/channels/registry";
import { listConversations } from "@/lib/conversations/list";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { decryptJson, randomToken } from "@/lib/security/crypto";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf, type TestApiInbox } from "@/e2e/support/factories";
import { createInbox } from "./create";
import { deleteInbox } from "./delete";
import { setInboxAgents, setInboxTeams } from "./members";
import { getInbox, listDeletedInboxes, listInboxes } from "./queries";
import { regenerateInboxValue, updateInbox } from "./update";

/*
 * The api channel has no typed-in credentials and no provider connection key, so a stand-in
 * "telegram" adapter (a bot token, a channel key per bot id) exercises those paths.
 */
vi.mock("@/lib/channels/registry", async (importOriginal) => {
  const orig = await importOriginal<typeof Registry>();
  const { z } = await import("zod");
  const { randomBytes } = await import("node:crypto");
  const telegram = {
    type: "telegram",
    inputSchema: z.object({ botToken: z.string().regex(/^\d+:[\w-]{10,}$/, "Paste the token BotFather gave you") }),
    secretFields: ["botToken"],
    configSchema: z.object({}),
    secretsSchema: z.object({ botToken: z.string() }),
    generate: () => ({ secretToken: randomBytes(16).toString("hex") }),
    regenerable: ["secretToken"],
    async checkCredentials(_config: unknown, secrets: { botToken: string }) {
      if (secrets.botToken.startsWith("0:")) return { ok: false, message: "Unauthorized: Telegram rejected this token" };
      return { ok: true, channelKey: `telegram:${secrets.botToken.split(":")[0]}` };
    },
    verifyRequest: () => ({ ok: true }),
    parseInbound: () => ({ ok: true, events: [] }),
    send: async () => ({ sourceId: "tg-1" }),
  };
  return { ...orig, getAdapter: (type: string) => (type === "telegram" ? telegram : orig.getAdapter(type)) };
});

const t = setupTestDb();

async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function inboxCount() {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(inboxes);
  return r!.n;
}

async function rawRow(id: string) {
  const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, id));
  return row!;
}

const botToken = (botId: number) => `${botId}:AAH-${randomToken(18)}`;

let admin: Actor;
beforeAll(async () => {
  admin = await t.admin();
});

describe("createInbox validation", () => {
  it("answers field errors for a bad name, channel or ids", async () => {
    const cases: [unknown, string][] = [
      [{ name: "", channel: { type: "api" } }, "name"],
      [{ name: "x".repeat(101), channel: { type: "api" } }, "name"],
      [{ name: "No channel" }, "channel"],
      [{ name: "Fax", channel: { type: "fax" } }, "channel.type"],
      [{ name: "Website", channel: { type: "website", websiteUrl: "not a url" } }, "channel.websiteUrl"],
      [{ name: "Bad url", channel: { type: "api", callbackUrl: "not a url" } }, "channel.callbackUrl"],
      [{ name: "Bad scheme", channel: { type: "api", callbackUrl: "ftp://acme.test/hook" } }, "channel.callbackUrl"],
      [{ name: "Bad token", channel: { type: "telegram", botToken: "nope" } }, "channel.botToken"],
      [{ name: "Bad ids", channel: { type: "api" }, agentIds: ["not-a-uuid"] }, "agentIds.0"],
    ];
    const before = await inboxCount();
    for (const [input, field] of cases) {
      const e = await appError(createInbox(t.db, admin, input));
      expect(e.code, JSON.stringify(input)).toBe("validation");
      expect(e.status).toBe(400);
      expect(Object.keys(e.fieldErrors ?? {}), JSON.stringify(input)).toContain(field);
    }
    expect(await inboxCount()).toBe(before);
  });

  it("rolls everything back when an assigned agent does not exist (422)", async () => {
    const before = await inboxCount();
    const e = await appError(createInbox(t.db, admin, { name: "Ghost agents", channel: { type: "api" }, agentIds: ["00000000-0000-4000-8000-000000000001"] }));
    expect(e.code).toBe("unprocessable");
    expect(e.fieldErrors).toHaveProperty("agentIds");
    expect(await inboxCount()).toBe(before);
  });

  it("is for administrators only", async () => {
    const agent = actorOf(await t.makeAgent());
    expect((await appError(createInbox(t.db, agent, { name: "Mine", channel: { type: "api" } }))).code).toBe("forbidden");
    expect((await appError(updateInbox(t.db, agent, (await t.makeApiInbox()).id, { name: "Mine" }))).code).toBe("forbidden");
  });

  it("refuses a callbackUrl on a private network unless KONVERSIO_ALLOW_PRIVATE_URLS is set", async () => {
    const saved = process.env.KONVERSIO_ALLOW_PRIVATE_URLS;
    delete process.env.KONVERSIO_ALLOW_PRIVATE_URLS;
    try {
      const before = await inboxCount();
      for (const callbackUrl of ["http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/latest"]) {
        const e = await appError(createInbox(t.db, admin, { name: "SSRF", channel: { type: "api", callbackUrl } }));
        expect(e.code, callbackUrl).toBe("credentials_rejected");
        expect(e.status).toBe(422);
        expect(e.message).toMatch(/private network/);
      }
      expect(await inboxCount()).toBe(before);
      // The same check guards later edits.
      const box = await t.makeApiInbox();
      const e = await appError(updateInbox(t.db, admin, box.id, { channel: { callbackUrl: "http://192.168.1.10/x" } }));
      expect(e.code).toBe("credentials_rejected");
      expect((await rawRow(box.id)).config).toEqual({});
    } finally {
      process.env.KONVERSIO_ALLOW_PRIVATE_URLS = saved;
    }
    const ok = await t.makeApiInbox({ callbackUrl: "http://127.0.0.1:9/hook" });
    expect(ok.config).toEqual({ callbackUrl: "http://127.0.0.1:9/hook" });
  });

  it("answers the provider's words when a credential check fails, and saves nothing", async () => {
    const before = await inboxCount();
    const e = await appError(createInbox(t.db, admin, { name: "Rejected", channel: { type: "telegram", botToken: "0:AAHrejectedtoken" } }));
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toBe("Unauthorized: Telegram rejected this token");
    expect(await inboxCount()).toBe(before);
  });
});

describe("credentials and generated values", () => {
  it("encrypts generated values at rest and shows them only to administrators", async () => {
    const box = await t.makeApiInbox({ name: "Encrypted api" });
    expect(box.hmacToken).toBeTruthy();
    expect(box.webhookSecret).toBeTruthy();
    expect(box.webhookUrl).toBe(`http://localhost:3999/api/webhooks/api/${box.inboxIdentifier}`);
    const row = await rawRow(box.id);
    const raw = JSON.stringify(row);
    expect(raw).not.toContain(box.hmacToken);
    expect(raw).not.toContain(box.webhookSecret);
    expect(decryptJson(row.generated!)).toEqual({ hmacToken: box.hmacToken, webhookSecret: box.webhookSecret });

    const member = await t.makeAgent();
    await t.setAgents(box.id, [member.id]);
    const seenByAgent = JSON.stringify([await getInbox(t.db, actorOf(member), box.id), await listInboxes(t.db, actorOf(member))]);
    expect(seenByAgent).toContain(box.id);
    expect(seenByAgent).not.toContain(box.hmacToken);
    expect(seenByAgent).not.toContain(box.webhookSecret);
    expect(seenByAgent).not.toContain("inboxIdentifier");
  });

  it("encrypts typed-in credentials and never returns them in full", async () => {
    const token = botToken(700001);
    const created = await createInbox(t.db, admin, { name: "Support bot", channel: { type: "telegram", botToken: token } });
    const row = await rawRow(created.id);
    expect(row.channelKey).toBe("telegram:700001");
    expect(JSON.stringify(row)).not.toContain(token);
    expect(decryptJson(row.secrets!)).toEqual({ botToken: token });
    expect(row.config).toEqual({});

    const views = [created, await getInbox(t.db, admin, created.id), await listInboxes(t.db, admin), await updateInbox(t.db, admin, created.id, { name: "Support bot 2" })];
    for (const view of views) expect(JSON.stringify(view)).not.toContain(token);
    expect(created.credentials).toEqual({ botToken: `••••${token.slice(-4)}` });
  });

  it("keeps a stored secret when an edit leaves it empty, and re-checks a changed one", async () => {
    const token = botToken(700002);
    const box = await createInbox(t.db, admin, { name: "Sales bot", channel: { type: "telegram", botToken: token } });
    await updateInbox(t.db, admin, box.id, { name: "Sales bot (EU)", channel: { botToken: "" } });
    let row = await rawRow(box.id);
    expect(row.name).toBe("Sales bot (EU)");
    expect(decryptJson(row.secrets!)).toEqual({ botToken: token });

    const e = await appError(updateInbox(t.db, admin, box.id, { channel: { botToken: "0:AAHrejectedtoken" } }));
    expect(e.code).toBe("credentials_rejected");
    expect(decryptJson((await rawRow(box.id)).secrets!)).toEqual({ botToken: token });

    const next = botToken(700003);
    await updateInbox(t.db, admin, box.id, { channel: { type: "telegram", botToken: next } });
    row = await rawRow(box.id);
    expect(decryptJson(row.secrets!)).toEqual({ botToken: next });
    expect(row.channelKey).toBe("telegram:700003");

    const wrongType = await appError(updateInbox(t.db, admin, box.id, { channel: { type: "api" } }));
    expect(wrongType.code).toBe("validation");
    expect(wrongType.fieldErrors).toHaveProperty(["channel.type"]);
  });
});

describe("one connection, one live inbox", () => {
  it("answers 409 when the same connection is attached twice; deleted inboxes do not count", async () => {
    const token = botToken(700010);
    const first = await createInbox(t.db, admin, { name: "Bot A", channel: { type: "telegram", botToken: token } });
    // Same bot id, different token text (e.g. a revoked + reissued token): still the same connection.
    const again = await appError(createInbox(t.db, admin, { name: "Bot A again", channel: { type: "telegram", botToken: botToken(700010) } }));
    expect(again.code).toBe("conflict");
    expect(again.status).toBe(409);

    const other = await createInbox(t.db, admin, { name: "Bot B", channel: { type: "telegram", botToken: botToken(700011) } });
    const clash = await appError(updateInbox(t.db, admin, other.id, { channel: { botToken: botToken(700010) } }));
    expect(clash.code).toBe("conflict");

    await deleteInbox(t.db, admin, first.id);
    const reattached = await createInbox(t.db, admin, { name: "Bot A reborn", channel: { type: "telegram", botToken: token } });
    expect((await rawRow(reattached.id)).channelKey).toBe("telegram:700010");
  });

  it("is enforced by a partial unique index on live inboxes", async () => {
    const row = (key: string | null, deletedAt: Date | null = null) => ({
      name: "raw",
      channelType: "telegram",
      channelKey: key,
      publicId: randomToken(18),
      deletedAt,
    });
    await t.db.insert(inboxes).values([row("raw:1", new Date()), row("raw:1", new Date()), row("raw:1")]);
    await t.db.insert(inboxes).values([row(null), row(null)]);
    const err = await t.db.insert(inboxes).values(row("raw:1")).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err, "inboxes_channel_key_live_idx")).toBe(true);
  });
});

describe("deleting an inbox", () => {
  let box: TestApiInbox;
  let conversationId: string;

  beforeAll(async () => {
    const agent = await t.makeAgent();
    const team = await t.makeTeam({ memberIds: [agent.id] });
    box = await t.makeApiInbox({ name: "Retired widget", agentIds: [agent.id], teamIds: [team.id] });
    ({ conversationId } = await t.incoming(box, { contact: "old-customer", content: "Hi" }));
    await t.incoming(box, { contact: "old-customer", content: "Anyone?" });
    await deleteInbox(t.db, admin, box.id);
  });

  it("keeps its conversations and messages and wipes its credentials", async () => {
    const [conv] = await t.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conv).toBeDefined();
    const msgs = await t.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(msgs).toHaveLength(2);
    const row = await rawRow(box.id);
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.secrets).toBeNull();
    expect(row.generated).toBeNull();
    expect(row.channelKey).toBeNull();
  });

  it("shows administrators a deleted inbox without credentials, and hides it from the live list", async () => {
    const seen = await getInbox(t.db, admin, box.id);
    expect(seen.status).toBe("deleted");
    expect(seen.deletedAt).toBeTruthy();
    expect(seen.webhookUrl).toBeNull();
    for (const key of ["hmacToken", "webhookSecret", "inboxIdentifier", "credentials"]) expect(seen).not.toHaveProperty(key);
    expect((await listInboxes(t.db, admin)).map((i) => i.id)).not.toContain(box.id);
    expect((await listDeletedInboxes(t.db, admin)).map((i) => i.id)).toContain(box.id);
    const list = await listConversations(t.db, admin, { inboxId: box.id, status: "all" });
    expect(list.data.map((c) => c.id)).toEqual([conversationId]);
    expect(list.data[0]!.inbox.deleted).toBe(true);
  });

  it("cannot be deleted twice; edits and membership changes afterwards are 410 like PATCH", async () => {
    expect((await appError(deleteInbox(t.db, admin, box.id))).code).toBe("not_found");
    expect((await appError(updateInbox(t.db, admin, box.id, { name: "Back" }))).code).toBe("gone");
    expect((await appError(setInboxAgents(t.db, admin, box.id, { agentIds: [] }))).code).toBe("gone");
    expect((await appError(setInboxTeams(t.db, admin, box.id, { teamIds: [] }))).code).toBe("gone");
  });
});

describe("audit trail", () => {
  it("records every administrative change to an inbox, and never a secret", async () => {
    const token = botToken(700020);
    const agent = await t.makeAgent();
    const team = await t.makeTeam();
    const api = await t.makeApiInbox({ name: "Audited api", agentIds: [agent.id] });
    await setInboxTeams(t.db, admin, api.id, { teamIds: [team.id] });
    await setInboxAgents(t.db, admin, api.id, { agentIds: [] });
    await updateInbox(t.db, admin, api.id, { name: "Audited api 2", channel: { callbackUrl: "https://hooks.example.com/k" } });
    const regenerated = await regenerateInboxValue(t.db, admin, api.id, "webhookSecret");
    await deleteInbox(t.db, admin, api.id);
    const bot = await createInbox(t.db, admin, { name: "Audited bot", channel: { type: "telegram", botToken: token } });
    await updateInbox(t.db, admin, bot.id, { channel: { botToken: botToken(700021) } });

    const rows = await t.db.select().from(auditEvents).where(sql`${auditEvents.inboxId} in (${api.id}::uuid, ${bot.id}::uuid)`);
    const actions = rows.filter((r) => r.inboxId === api.id).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(["inbox.created", "inbox.teams_changed", "inbox.agents_changed", "inbox.updated", "inbox.secret_regenerated", "inbox.deleted"]),
    );
    expect(rows.every((r) => r.actorId === admin.id)).toBe(true);
    const credentialChange = rows.find((r) => r.inboxId === bot.id && r.action === "inbox.updated");
    expect(credentialChange!.details).toEqual({ fields: ["credentials"] });

    const json = JSON.stringify(rows);
    for (const secret of [api.hmacToken, api.webhookSecret, String(regenerated.webhookSecret), token, token.split(":")[1]!]) {
      expect(json).not.toContain(secret);
    }
  });
});

describe("the inbox list", () => {
  it("names each inbox's own agents and teams, and no one else's", async () => {
    const [a, b] = [await t.makeApiInbox({ name: "List A" }), await t.makeApiInbox({ name: "List B" })];
    const zoe = await t.makeAgent({ name: "Zoe Inbox-A" });
    const yan = await t.makeAgent({ name: "Yan Inbox-B" });
    const team = await t.makeTeam({ name: "List Team" });
    await setInboxAgents(t.db, admin, a.id, { agentIds: [zoe.id] });
    await setInboxAgents(t.db, admin, b.id, { agentIds: [yan.id] });
    await setInboxTeams(t.db, admin, b.id, { teamIds: [team.id] });
    const list = await listInboxes(t.db, admin);
    const row = (id: string) => list.find((i) => i.id === id)!;
    expect(row(a.id)).toMatchObject({ agents: ["Zoe Inbox-A"], teams: [], agentCount: 1, teamCount: 0 });
    expect(row(b.id)).toMatchObject({ agents: ["Yan Inbox-B"], teams: ["List Team"], agentCount: 1, teamCount: 1 });
  });
});
