"use server";

import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth/auth";
import { seedDemo } from "@/lib/demo/seed";
import { AppError, type FieldErrors } from "@/lib/errors";
import { createFirstAdmin } from "@/lib/users/setup";
import { log } from "@/lib/log";

export type SetupState = { error?: string; fieldErrors?: FieldErrors; values?: { name: string; email: string } };

export async function setupAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const password = String(form.get("password") ?? "");
  try {
    const admin = await createFirstAdmin(getDb(), { ...values, password });
    if (form.get("demo") === "on") await seedDemo(getDb(), { adminId: admin.id });
  } catch (e) {
    if (e instanceof AppError) return { error: e.message, fieldErrors: e.fieldErrors, values };
    log.unexpected("setup", "first-run setup failed", e);
    return { error: "Something went wrong on our side. Please try again.", values };
  }
  await signIn("credentials", { email: values.email, password, redirectTo: "/conversations" });
  return {};
}
