import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countUsers } from "@/lib/users/agents";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up your workspace" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect("/login");
  return (
    <>
      <h1 className="text-xl font-semibold">Set up Konversio</h1>
      <p className="mt-1 mb-5 text-sm text-fg-muted">Create the first administrator. You can invite your team next.</p>
      <SetupForm />
    </>
  );
}
