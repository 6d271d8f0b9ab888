import "server-only";
import { users } from "@/db/schema";

/** A user as membership lists show them (team members, an inbox's agents). */
export const userSummaryColumns = { id: users.id, name: users.name, email: users.email, role: users.role, active: users.active };
