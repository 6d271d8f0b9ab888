import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async ({ actor }) => actor);
