import type { ReactNode } from "react";
import { AppRail } from "@/components/shell/app-rail";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { requireActor } from "@/lib/auth/session";
import { AssignmentNotifier } from "@/components/shell/assignment-notifier";
import { EventStreamProvider } from "@/components/shell/event-stream";
import { Providers } from "../providers";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // The rail shows and switches the user's own availability (docs/architecture.md §5.8).
  const [me] = await getDb().select({ availability: users.availability }).from(users).where(eq(users.id, actor.id));
  return (
    <Providers>
      <EventStreamProvider>
        <AssignmentNotifier userId={actor.id} />
        <div className="flex h-dvh overflow-hidden">
          <AppRail user={{ name: actor.name, email: actor.email, role: actor.role, availability: me?.availability ?? "online" }} />
          <div className="flex min-w-0 flex-1 flex-col">{children}</div>
        </div>
      </EventStreamProvider>
    </Providers>
  );
}
