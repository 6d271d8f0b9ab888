import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import { personalTokenInfo } from "@/lib/auth/tokens";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { TokenSection } from "./token-section";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const actor = await requireActor();
  const token = await personalTokenInfo(getDb(), actor.id);
  return (
    <>
      <PageHeader title="Profile" description="Your name, password and personal access token." />
      <div className="flex flex-col gap-6">
        <ProfileForm user={{ name: actor.name, email: actor.email }} />
        <PasswordForm email={actor.email} />
        <TokenSection
          token={token && { hint: token.hint, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null }}
        />
      </div>
    </>
  );
}
