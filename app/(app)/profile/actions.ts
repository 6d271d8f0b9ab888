"use server";

import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { regeneratePersonalToken } from "@/lib/auth/tokens";
import { action, type ActionResult } from "@/lib/http/action";
import { changePassword, updateProfile } from "@/lib/users/profile";
import { changePasswordSchema, profileSchema } from "@/lib/users/user.schema";
import { log } from "@/lib/log";

export const updateProfileAction = action(profileSchema, async (data, { actor, db }) => {
  await updateProfile(db, actor, data);
  // The name also shows in the app rail, which lives in the root app layout.
  revalidatePath("/", "layout");
});

const changeOwnPassword = action(changePasswordSchema, async (data, { actor, db }) => {
  await changePassword(db, actor, data);
  return { email: actor.email, password: data.newPassword };
});

export async function changePasswordAction(input: unknown): Promise<ActionResult> {
  const res = await changeOwnPassword(input);
  if (!res.ok) return res;
  // The change ended every session, this one included, so sign this browser straight back in.
  // It must end in a redirect: only the page rendered for the redirect sees the new session
  // cookie (a re-render inside this request would still read the old one and log the user out).
  try {
    await signIn("credentials", { email: res.data.email, password: res.data.password, redirectTo: "/profile?password=changed" });
  } catch (e) {
    unstable_rethrow(e);
    log.warn("profile", "re-sign-in after password change failed", e);
  }
  redirect("/login");
}

export const regenerateTokenAction = action(z.object({}), async (_data, { actor, db }) => {
  const token = await regeneratePersonalToken(db, actor.id);
  revalidatePath("/profile");
  return { token };
});
