import { z } from "zod";
import { agentCapacity, availability } from "@/lib/assignment/settings.schema";

export const password = z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters");
export const personName = z.string().trim().min(1, "Enter a name").max(100, "Keep the name under 100 characters");
export const emailAddress = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")).pipe(z.string().max(320));
export const role = z.enum(["administrator", "agent"], "Choose administrator or agent");

export const createAgentSchema = z.object({ name: personName, email: emailAddress, role: role.default("agent"), password });
export const updateAgentSchema = z.object({
  name: personName.optional(),
  email: emailAddress.optional(),
  role: role.optional(),
  active: z.boolean().optional(),
  password: password.optional(),
  capacity: agentCapacity.optional(),
});
export const setupSchema = z.object({ name: personName, email: emailAddress, password });
export const profileSchema = z.object({ name: personName.optional(), availability: availability.optional() });
export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password"), newPassword: password, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "The passwords do not match", path: ["confirmPassword"] });
