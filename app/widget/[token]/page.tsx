import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { loadWidgetInbox, publicWidgetConfig } from "@/lib/widget/inbox";
import { ChatWindow } from "@/components/widget/chat-window";
import { CloseButton, WidgetChat } from "./widget-chat";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

async function load(token: string) {
  try {
    return publicWidgetConfig(await loadWidgetInbox(getDb(), token));
  } catch (e) {
    if (e instanceof AppError && (e.code === "not_found" || e.code === "gone")) return null;
    throw e;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const config = await load((await params).token);
  return { title: config ? `Chat with ${config.name}` : "Chat unavailable" };
}

/**
 * The chat inside the loader's iframe (public/widget.js). The shell — header in the inbox colour,
 * welcome text, reply-time hint — is rendered here on the server; only the conversation is a
 * client component.
 */
export default async function WidgetPage({ params }: Params) {
  const { token } = await params;
  const config = await load(token);
  if (!config) {
    return (
      <main className="flex h-full flex-col items-center justify-center gap-1 p-6 text-center">
        <p className="text-lg font-semibold">This chat is not available</p>
        <p className="text-base text-fg-muted">The website&apos;s chat has been switched off.</p>
        <CloseButton tone="muted" />
      </main>
    );
  }
  return (
    <ChatWindow {...config} label={`Chat with ${config.name}`} headerAction={<CloseButton />}>
      <WidgetChat token={token} name={config.name} requireIdentity={config.requireIdentity} />
    </ChatWindow>
  );
}
