import type { Metadata } from "next";
import type { ReactNode } from "react";
import { WorkspaceShell } from "@/components/workspace/workspace-shell";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import { filterableTeams } from "@/lib/conversations/assignable";
import { listDeletedInboxes, listInboxes } from "@/lib/inboxes/queries";

export const metadata: Metadata = { title: "Conversations" };

/** Nav column and conversation list stay mounted while the thread (children) changes. */
export default async function ConversationsLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const db = getDb();
  const [inboxes, deleted, teams] = await Promise.all([listInboxes(db, actor), listDeletedInboxes(db, actor), filterableTeams(db, actor)]);
  return (
    <WorkspaceShell
      me={{ id: actor.id, name: actor.name, role: actor.role }}
      // Only what the nav shows: inbox objects carry generated secrets for administrators.
      inboxes={inboxes.map((i) => ({ id: i.id, name: i.name, channelType: i.channelType, status: i.status, businessHours: i.businessHours }))}
      deletedInboxes={deleted.map((i) => ({ id: i.id, name: i.name, channelType: i.channelType, status: i.status, businessHours: null }))}
      teams={teams}
    >
      {children}
    </WorkspaceShell>
  );
}
