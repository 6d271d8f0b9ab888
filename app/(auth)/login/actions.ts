"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";

export type LoginState = { error?: string; email?: string };

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "");
  const next = String(form.get("next") ?? "");
  const redirectTo = next.startsWith("/") && !next.startsWith("//") ? next : "/conversations";
  try {
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo });
    return {};
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      return {
        email,
        error: code === "rate_limited" ? "Too many failed attempts. Wait 15 minutes, then try again." : "That email and password do not match an active account.",
      };
    }
    throw e; // Next's redirect on success travels as an exception
  }
}
