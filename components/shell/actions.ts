"use server";

import { z } from "zod";
import { availability } from "@/lib/assignment/settings.schema";
import { signOut } from "@/lib/auth/auth";
import { action } from "@/lib/http/action";
import { updateProfile } from "@/lib/users/profile";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

/** The user's own availability, from the rail's account menu. */
export const setAvailabilityAction = action(z.object({ availability }), async (data, { actor, db }) => {
  const user = await updateProfile(db, actor, data);
  return { availability: user.availability, presence: user.presence };
});
