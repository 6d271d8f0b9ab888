import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contactAvatars } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { canSeeContact } from "@/lib/access/visibility";
import { isUuid } from "@/lib/ids";

/** GET /api/contacts/:id/avatar — only for users who can see a conversation with the contact; else 404. */
export async function serveContactAvatar(db: Db, actor: Actor | null, contactId: string): Promise<Response> {
  const notFound = () => new Response("Not found", { status: 404 });
  if (!actor || !isUuid(contactId) || !(await canSeeContact(db, actor, contactId))) return notFound();
  const [row] = await db.select().from(contactAvatars).where(eq(contactAvatars.contactId, contactId));
  if (!row) return notFound();
  return new Response(new Uint8Array(row.bytes), {
    headers: {
      "content-type": row.contentType,
      "content-length": String(row.bytes.byteLength),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      // The URL carries a version, so the browser may keep it; only this user's cache though.
      "cache-control": "private, max-age=86400, immutable",
    },
  });
}
