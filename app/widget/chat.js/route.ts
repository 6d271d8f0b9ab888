import { chatScript } from "@/lib/widget/page";

/** The visitor chat's one script (lib/widget/client, bundled into lib/widget/client/bundle.generated.ts). */
export const GET = chatScript;
