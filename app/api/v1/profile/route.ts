import { apiRoute, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";
import { getProfile, updateProfile } from "@/lib/users/profile";

export const GET = apiRoute(async ({ db, actor }) => getProfile(db, actor));
/** The user's own name and availability (online / busy / offline). */
export const PATCH = apiRoute(async ({ db, actor, req }) => updateProfile(db, actor, await readJson(req)));

export const { POST, PUT, DELETE } = otherMethods({ GET, PATCH });
