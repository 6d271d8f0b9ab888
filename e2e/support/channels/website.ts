/* Website inboxes for tests, created through the same service the admin pages use. */
import type { Actor } from "@/lib/access/actor";
import { createInbox } from "@/lib/inboxes/create";
import type { TestDb } from "../db";

export type TestWebsiteInbox = { id: string; name: string; websiteToken: string; hmacToken: string; embedCode: string };

export async function makeWebsiteInbox(t: TestDb, channel: Record<string, unknown> = {}, opts: { name?: string; as?: Actor; agentIds?: string[] } = {}) {
  const inbox = await createInbox(t.db, opts.as ?? (await t.admin()), {
    name: opts.name ?? `Website ${t.unique()}`,
    channel: { type: "website", websiteUrl: "https://shop.example.com", ...channel },
    agentIds: opts.agentIds,
  });
  return inbox as unknown as TestWebsiteInbox;
}
