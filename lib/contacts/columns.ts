import "server-only";
import { contacts } from "@/db/schema";

/** A contact as conversations carry it (lists, the thread, events to integrators). */
export const contactSummaryColumns = { id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone, avatarAt: contacts.avatarAt };
