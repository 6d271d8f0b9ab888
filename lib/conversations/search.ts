import "server-only";
import { eq, or, sql, type SQL } from "drizzle-orm";
import { conversations } from "@/db/schema";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => "\\" + m);

/**
 * The `q` filter: a #number, or a substring of the contact's name/email/phone or of the subject
 * and latest message. The expressions match the trigram indexes of migration 0002 exactly.
 */
export function conversationSearch(q: string): SQL {
  const like = `%${escapeLike(q)}%`;
  const byNumber = /^#?\d{1,9}$/.test(q) ? eq(conversations.number, Number(q.replace("#", ""))) : undefined;
  return or(
    byNumber,
    // `= any(array(…))` rather than `in (…)`: it lets the planner OR two index scans together.
    sql`${conversations.contactId} = any(array(select id from contacts where (coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')) ilike ${like}))`,
    sql`(coalesce(${conversations.subject}, '') || ' ' || coalesce(${conversations.lastMessagePreview}, '')) ilike ${like}`,
  )!;
}
