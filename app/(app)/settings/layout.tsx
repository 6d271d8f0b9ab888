import type { ReactNode } from "react";
import { requireActor } from "@/lib/auth/session";
import { SettingsShell } from "./_components/settings-shell";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return <SettingsShell role={actor.role}>{children}</SettingsShell>;
}
