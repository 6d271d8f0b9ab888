import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { recordAudit } from "@/lib/audit/record";
import { getAdapter } from "@/lib/channels/registry";
import { AppError, conflict, isUniqueViolation } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { encryptJson, randomToken } from "@/lib/security/crypto";
import { parseInput } from "@/lib/validation";
import { requireAdmin } from "@/lib/access/policy";
import { inboxContext } from "./context";
import { createInboxSchema } from "./inbox.schema";
import { replaceInboxAgents, replaceInboxTeams } from "./members";
import { serializeInbox } from "./serialize";
import { splitChannelInput, withProviderFacts } from "./split";
import { isUuid } from "@/lib/ids";

export const DUPLICATE_CONNECTION = "This connection is already used by another inbox. Delete that inbox first or use other credentials.";

export async function createInbox(db: Db, actor: Actor, input: unknown) {
  requireAdmin(actor, "manage inboxes");
  const data = parseInput(createInboxSchema, input);
  const adapter = getAdapter(data.channel.type);
  if (!adapter) throw new AppError("validation", `The ${data.channel.type} channel is not available yet`, { "channel.type": ["Not available yet"] });
  const { type: _type, ...fields } = data.channel;
  const channelInput = parseInput(adapter.inputSchema, fields, "channel.") as Record<string, unknown>;
  const { config: typed, secrets } = splitChannelInput(adapter, channelInput);

  const check = await adapter.checkCredentials(typed, secrets);
  if (!check.ok) throw new AppError("credentials_rejected", check.message);
  const config = withProviderFacts(typed, check.facts);

  const generated = adapter.generate(config);
  try {
    const row = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(inboxes)
        .values({
          name: data.name,
          channelType: adapter.type,
          config,
          secrets: encryptJson(secrets),
          generated: encryptJson(generated),
          channelKey: check.channelKey ?? null,
          publicId: randomToken(18),
          status: "active",
          lastCheckedAt: new Date(),
        })
        .returning();
      await recordAudit(tx, {
        actorId: actor.id,
        action: "inbox.created",
        targetType: "inbox",
        targetId: row!.id,
        inboxId: row!.id,
        details: { name: data.name, channelType: adapter.type },
      });
      if (data.agentIds?.length) await replaceInboxAgents(tx, actor, row!.id, data.agentIds);
      if (data.teamIds?.length) await replaceInboxTeams(tx, actor, row!.id, data.teamIds);
      // Provider-side registration (e.g. Telegram setWebhook) inside the transaction: if it fails, nothing is saved.
      await adapter.onCreate?.(inboxContext(row!));
      return row!;
    });
    await publish(db, { type: "inbox.updated", inboxId: row.id });
    return serializeInbox(row, { admin: true });
  } catch (e) {
    if (isUniqueViolation(e, "inboxes_channel_key_live_idx")) throw conflict(DUPLICATE_CONNECTION);
    throw e;
  }
}

export async function findInboxRow(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, id));
  return row ?? null;
}
