import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { countUsers } from "@/lib/users/agents";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if ((await countUsers(getDb())) === 0) redirect("/setup");
  if (await currentActor()) redirect("/conversations");
  const { next } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 mb-5 text-sm text-fg-muted">Welcome back. Your conversations are waiting.</p>
      <LoginForm next={next} />
    </>
  );
}
