import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ actor }) => actor);

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
