import "server-only";
import { getAdapter } from "@/lib/channels/registry";
import { maskSecret } from "@/lib/security/crypto";
import { appUrl } from "@/lib/env";
import { inboxContext, webhookUrlFor, type InboxRow } from "./context";
import { isOpen, readBusinessHours } from "./business-hours";
import type { BusinessHours } from "./business-hours.schema";
import { AUTO_ASSIGNMENT_OFF, type AutoAssignment } from "@/lib/assignment/settings.schema";
import { autoRepliesOf, type AutoReplies } from "./auto-replies.schema";

/** The one <script> tag a site owner pastes (docs/widget-protocol.md). publicId is base64url: safe in an attribute. */
export const embedCodeFor = (websiteToken: string) =>
  `<script src="${appUrl("/widget.js")}" data-website-token="${websiteToken}" async></script>`;

export type ApiInbox = {
  id: string;
  name: string;
  channelType: string;
  status: "active" | "error" | "deleted";
  lastError: string | null;
  webhookUrl: string | null;
  config: Record<string, unknown>;
  /** Null: always open. */
  businessHours: BusinessHours | null;
  /** Whether the inbox is open at the time of the answer (by its business hours). */
  openNow: boolean;
  autoReplies: AutoReplies;
  /** Off unless set (docs/architecture.md §5.8). */
  autoAssignment: AutoAssignment;
  createdAt: string;
  deletedAt?: string | null;
  credentials?: Record<string, string | null>;
  [generated: string]: unknown;
};

/**
 * The inbox as the API and pages see it. Administrators also get the generated values an
 * integrator needs and masked credentials; typed-in secrets never leave in full.
 */
export function serializeInbox(row: InboxRow, opts: { admin: boolean; now?: Date }): ApiInbox {
  const deleted = row.deletedAt !== null;
  const base: ApiInbox = {
    id: row.id,
    name: row.name,
    channelType: row.channelType,
    status: deleted ? "deleted" : row.status,
    lastError: deleted ? null : row.lastError,
    webhookUrl: deleted || getAdapter(row.channelType)?.webhook === null ? null : webhookUrlFor(row),
    config: row.config,
    businessHours: row.businessHours ?? null,
    openNow: isOpen(readBusinessHours(row.businessHours), opts.now ?? new Date()),
    autoReplies: autoRepliesOf(row.autoReplies),
    autoAssignment: row.autoAssignment ?? AUTO_ASSIGNMENT_OFF,
    createdAt: row.createdAt.toISOString(),
  };
  if (!opts.admin) return base;
  base.deletedAt = row.deletedAt?.toISOString() ?? null;
  if (deleted) return base;
  const ctx = inboxContext(row);
  const adapter = getAdapter(row.channelType);
  base.credentials = Object.fromEntries(
    (adapter?.secretFields ?? []).map((f) => [f, maskSecret(ctx.secrets[f] as string | undefined, { revealEnd: !/password$/i.test(f) })]),
  );
  Object.assign(base, ctx.generated);
  for (const key of getAdapter(row.channelType)?.internalGenerated ?? []) delete base[key];
  if (row.channelType === "api") base.inboxIdentifier = row.publicId;
  if (row.channelType === "website") {
    base.websiteToken = row.publicId;
    base.embedCode = embedCodeFor(row.publicId);
  }
  return base;
}
