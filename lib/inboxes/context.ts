import "server-only";
import type { inboxes } from "@/db/schema";
import type { InboxContext } from "@/lib/channels/types";
import { appUrl } from "@/lib/env";
import { decryptJson } from "@/lib/security/crypto";

export type InboxRow = typeof inboxes.$inferSelect;

export function webhookUrlFor(row: Pick<InboxRow, "channelType" | "publicId">): string {
  return appUrl(`/api/webhooks/${row.channelType}/${row.publicId}`);
}

/** Decrypts an inbox's credentials for its adapter. Only for server-side channel code. */
export function inboxContext(row: InboxRow): InboxContext {
  return {
    id: row.id,
    name: row.name,
    publicId: row.publicId,
    webhookUrl: webhookUrlFor(row),
    config: row.config,
    secrets: row.secrets ? decryptJson<Record<string, unknown>>(row.secrets) : {},
    generated: row.generated ? decryptJson<Record<string, string>>(row.generated) : {},
  };
}
