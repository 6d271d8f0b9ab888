import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { loadActor, type Actor } from "@/lib/access/actor";
import { isAdmin } from "@/lib/access/policy";
import { AppError } from "@/lib/errors";
import { auth } from "./auth";
import { bearerActor } from "./bearer";

/** The signed-in user of a page or server action, re-read from the database; null if signed out or deactivated. */
export async function currentActor(): Promise<Actor | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const sv = (session.user as { sessionVersion?: number }).sessionVersion;
  return loadActor(getDb(), id, sv);
}

/** For pages: sends anonymous or deactivated users to the login page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For settings pages: the administrator tier of lib/access/policy.ts; others go back to their conversations. */
export async function requireAdminPage(): Promise<Actor> {
  const actor = await requireActor();
  if (!isAdmin(actor)) redirect("/conversations");
  return actor;
}

/** For the REST API and SSE: a bearer token, else the browser session. Throws 401. */
export async function actorFromRequest(req: Request): Promise<Actor> {
  if (req.headers.get("authorization")) {
    const actor = await bearerActor(getDb(), req.headers);
    if (!actor) throw new AppError("unauthorized", "Invalid or expired access token");
    return actor;
  }
  const actor = await currentActor();
  if (!actor) throw new AppError("unauthorized", "Sign in or send an access token");
  return actor;
}
