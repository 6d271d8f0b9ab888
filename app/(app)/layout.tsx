import type { ReactNode } from "react";
import { AppRail } from "@/components/shell/app-rail";
import { requireActor } from "@/lib/auth/session";
import { Providers } from "../providers";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <Providers>
      <div className="flex h-dvh overflow-hidden">
        <AppRail user={{ name: actor.name, email: actor.email, role: actor.role }} />
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </Providers>
  );
}
