import "server-only";
import { isAdmin, type Actor } from "@/lib/access/actor";
import { forbidden } from "@/lib/errors";

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw forbidden("Only administrators can manage inboxes");
}
