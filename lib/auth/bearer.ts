import "server-only";
import type { DbOrTx } from "@/db/client";
import { loadActor, type Actor } from "@/lib/access/actor";
import { userIdForToken } from "./tokens";

/** The token of an `Authorization: Bearer <token>` header; null when it is absent or malformed. */
export function bearerToken(headers: Headers): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "");
  return m ? m[1]! : null;
}

/** The active user behind the request's bearer token; null for a missing, malformed, unknown or expired token. */
export async function bearerActor(db: DbOrTx, headers: Headers): Promise<Actor | null> {
  const token = bearerToken(headers);
  const userId = token ? await userIdForToken(db, token) : null;
  return userId ? loadActor(db, userId) : null;
}
