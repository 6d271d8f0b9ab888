import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { recordAudit } from "@/lib/audit/record";
import { getAdapter } from "@/lib/channels/registry";
import { AppError, conflict, gone, isUniqueViolation, notFound } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { encryptJson, randomToken } from "@/lib/security/crypto";
import { parseInput } from "@/lib/validation";
import { inboxContext } from "./context";
import { DUPLICATE_CONNECTION, findInboxRow } from "./create";
import { requireAdmin } from "@/lib/access/policy";
import { updateInboxSchema, type UpdateInboxInput } from "./inbox.schema";
import { systemServeQueue } from "@/lib/assignment/queue";
import { AUTO_ASSIGNMENT_OFF } from "@/lib/assignment/settings.schema";
import { autoRepliesOf } from "./auto-replies.schema";
import { serializeInbox } from "./serialize";
import { mergeChannelInput, mergeDeep, readPath, splitChannelInput, withProviderFacts, writePath } from "./split";

/** Where a nested credential is sent: changing any of these means a different server. */
const DESTINATION_FIELDS = ["host", "port", "user", "secure"];

/**
 * A stored password is only ever sent to the server it was saved for. Pointing a group (email's
 * imap/smtp) at another host, port or user without typing its password again would let whoever
 * edits the inbox collect the stored one on a server they control.
 */
function requireSecretsForNewDestinations(
  secretFields: readonly string[],
  fields: Record<string, unknown>,
  config: Record<string, unknown>,
  before: Record<string, unknown>,
) {
  const missing: Record<string, string[]> = {};
  for (const path of secretFields) {
    const [group, ...rest] = path.split(".");
    if (!rest.length) continue;
    const typed = readPath(fields, path);
    if (typeof typed === "string" && typed !== "") continue;
    const now = (config[group!] ?? {}) as Record<string, unknown>;
    const was = (before[group!] ?? {}) as Record<string, unknown>;
    if (DESTINATION_FIELDS.some((k) => !sameJson(now[k], was[k]))) {
      missing[`channel.${path}`] = ["Type the password again: it is only sent to the server it was saved for"];
    }
  }
  if (Object.keys(missing).length) {
    throw new AppError("validation", "The server changed, so its password must be typed again", missing);
  }
}

/** Structural equality regardless of key order (jsonb stores keys in its own order). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Business hours and auto-replies, each replaced whole. Out of office answers only while the inbox
 * is closed, so it needs hours: refused whichever half of the pair the PATCH changes.
 */
function automationChanges(row: typeof inboxes.$inferSelect, data: UpdateInboxInput) {
  const changes: Partial<typeof inboxes.$inferInsert> = {};
  if (data.autoAssignment !== undefined && !sameJson(data.autoAssignment, row.autoAssignment ?? AUTO_ASSIGNMENT_OFF)) changes.autoAssignment = data.autoAssignment;
  if (data.businessHours === undefined && data.autoReplies === undefined) return changes;
  const hours = data.businessHours !== undefined ? data.businessHours : row.businessHours;
  const replies = data.autoReplies ?? autoRepliesOf(row.autoReplies);
  if (replies.outOfOffice.enabled && !hours) {
    throw data.autoReplies?.outOfOffice.enabled
      ? new AppError("validation", "autoReplies.outOfOffice.enabled: set business hours first: out of office is sent only while the inbox is closed", {
          "autoReplies.outOfOffice.enabled": ["Set business hours first: out of office is sent only while the inbox is closed"],
        })
      : new AppError("validation", "businessHours: out of office is on; turn it off before removing the business hours", {
          businessHours: ["Out of office is on: turn it off before removing the business hours"],
        });
  }
  if (data.businessHours !== undefined && !sameJson(data.businessHours, row.businessHours)) changes.businessHours = data.businessHours;
  if (data.autoReplies !== undefined && !sameJson(data.autoReplies, row.autoReplies)) changes.autoReplies = data.autoReplies;
  return changes;
}

async function requireLive(db: Db, id: string) {
  const row = await findInboxRow(db, id);
  if (!row) throw notFound("Inbox not found");
  if (row.deletedAt) throw gone("This inbox has been deleted");
  return row;
}

/**
 * Renames, changes channel settings, business hours and auto-replies; credentials are re-checked
 * with the provider whenever any channel field changes.
 */
export async function updateInbox(db: Db, actor: Actor, id: string, input: unknown) {
  requireAdmin(actor, "manage inboxes");
  const data = parseInput(updateInboxSchema, input);
  const row = await requireLive(db, id);
  const adapter = getAdapter(row.channelType);
  if (!adapter) throw new AppError("unprocessable", "This channel type is not available");
  // Checked before any credential check with the provider: a refusal here must not cost a provider call.
  const automation = automationChanges(row, data);
  const changes: Partial<typeof inboxes.$inferInsert> = { updatedAt: new Date() };
  const changedFields: string[] = [];

  if (data.name !== undefined && data.name !== row.name) {
    changes.name = data.name;
    changedFields.push("name");
  }
  if (data.channel) {
    const { type, ...fields } = data.channel;
    if (type && type !== row.channelType) {
      throw new AppError("validation", "An inbox cannot change its channel type", { "channel.type": ["Must stay " + row.channelType] });
    }
    const ctx = inboxContext(row);
    // Omitted or empty secret fields keep their stored value: admins never see them to re-type.
    // Nested groups (email's imap/smtp) merge field by field, so a form may send only some of them.
    const merged = mergeDeep(mergeChannelInput(row.config, ctx.secrets), fields);
    for (const f of adapter.secretFields) if (readPath(fields, f) === "") writePath(merged, f, ctx.secrets[f]);
    const channelInput = parseInput(adapter.inputSchema, merged, "channel.") as Record<string, unknown>;
    const { config, secrets } = splitChannelInput(adapter, channelInput);
    requireSecretsForNewDestinations(adapter.secretFields, fields, config, row.config);
    const configChanged = !sameJson(config, row.config);
    const secretsChanged = !sameJson(secrets, ctx.secrets);
    if (configChanged || secretsChanged) {
      const check = await adapter.checkCredentials(config, secrets);
      if (!check.ok) throw new AppError("credentials_rejected", check.message);
      Object.assign(changes, {
        config: withProviderFacts(config, check.facts),
        secrets: encryptJson(secrets),
        channelKey: check.channelKey ?? null,
        status: "active" as const,
        lastError: null,
        lastCheckedAt: new Date(),
      });
      changedFields.push(...(configChanged ? ["configuration"] : []), ...(secretsChanged ? ["credentials"] : []));
    }
  }
  Object.assign(changes, automation);
  changedFields.push(...Object.keys(automation));
  if (changedFields.length === 0) return serializeInbox(row, { admin: true });
  try {
    const updated = await db.transaction(async (tx) => {
      const [u] = await tx.update(inboxes).set(changes).where(eq(inboxes.id, id)).returning();
      // Provider-side follow-up (e.g. Telegram moves its webhook to the new bot token); a failure undoes the change.
      if (changes.config || changes.secrets) await adapter.onUpdate?.(inboxContext(row), inboxContext(u!));
      await recordAudit(tx, { actorId: actor.id, action: "inbox.updated", targetType: "inbox", targetId: id, inboxId: id, details: { fields: changedFields } });
      return u!;
    });
    await publish(db, { type: "inbox.updated", inboxId: id });
    // Switched on: whoever is online takes the waiting conversations now, not at the next sweep.
    if (automation.autoAssignment?.enabled) await systemServeQueue(db, id);
    return serializeInbox(updated, { admin: true });
  } catch (e) {
    if (isUniqueViolation(e, "inboxes_channel_key_live_idx")) throw conflict(DUPLICATE_CONNECTION);
    throw e;
  }
}

/** Replaces one generated value (e.g. a leaked HMAC token); the old one stops working at once. */
export async function regenerateInboxValue(db: Db, actor: Actor, id: string, name: string) {
  requireAdmin(actor, "manage inboxes");
  const row = await requireLive(db, id);
  const adapter = getAdapter(row.channelType);
  if (!adapter?.regenerable.includes(name)) throw new AppError("validation", `${name} cannot be regenerated`);
  const generated = { ...inboxContext(row).generated, [name]: adapter.generate(row.config)[name] ?? randomToken(24) };
  const updated = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(inboxes)
      .set({ generated: encryptJson(generated), updatedAt: new Date() })
      .where(eq(inboxes.id, id))
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: "inbox.secret_regenerated", targetType: "inbox", targetId: id, inboxId: id, details: { field: name } });
    return u!;
  });
  await publish(db, { type: "inbox.updated", inboxId: id });
  return serializeInbox(updated, { admin: true });
}
