import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ThreadView } from "@/components/workspace/thread-view";
import { contactDisplayName } from "@/components/workspace/types";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import { assignmentOptions } from "@/lib/conversations/assignable";
import { getConversation, otherConversationsOfContact } from "@/lib/conversations/detail";
import { listMessages } from "@/lib/conversations/messages";
import { AppError } from "@/lib/errors";

type Params = { params: Promise<{ number: string }> };

/** The conversation if this user may see it; null for missing and invisible alike (both 404). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const load = cache(async (raw: string) => {
  if (!/^\d{1,9}$/.test(raw) && !UUID.test(raw)) return null;
  const actor = await requireActor();
  try {
    return { actor, conversation: await getConversation(getDb(), actor, UUID.test(raw) ? raw : Number(raw)) };
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") return null;
    throw e;
  }
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const loaded = await load((await params).number);
  if (!loaded) return { title: "Conversation not found" };
  const c = loaded.conversation;
  return { title: `#${c.number} ${contactDisplayName(c.contact)}` };
}

export default async function ConversationPage({ params }: Params) {
  const raw = (await params).number;
  const loaded = await load(raw);
  if (!loaded) notFound();
  const { actor, conversation } = loaded;
  // Links built from API ids (/conversations/<uuid>) land on the canonical #number URL.
  if (raw !== String(conversation.number)) redirect(`/conversations/${conversation.number}`);
  const db = getDb();
  const [messages, options, others] = await Promise.all([
    listMessages(db, actor, conversation.id),
    assignmentOptions(db, actor, conversation.id),
    otherConversationsOfContact(db, actor, conversation.id, conversation.contact.id),
  ]);
  return (
    <ThreadView
      key={conversation.id}
      number={conversation.number}
      initial={{
        conversation,
        messages,
        options,
        others: others.map((o) => ({ ...o, lastActivityAt: o.lastActivityAt.toISOString() })),
      }}
    />
  );
}
