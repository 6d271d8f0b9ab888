import "server-only";
import { messagingAdapter } from "../meta/messaging-adapter";
import { INSTAGRAM } from "../meta/messaging-spec";
import { checkInstagramAccount } from "./check";
import { instagramConfigSchema, instagramInputSchema, instagramSecretsSchema } from "./schema";

/**
 * Instagram Direct through the Instagram API with Instagram Login: a professional account's
 * messages, on graph.instagram.com with the account's Instagram User token (docs/architecture.md §5.2).
 */
export const instagramAdapter = messagingAdapter({
  type: "instagram",
  spec: INSTAGRAM,
  inputSchema: instagramInputSchema,
  configSchema: instagramConfigSchema,
  secretsSchema: instagramSecretsSchema,
  idField: "instagramId",
  tokenField: "accessToken",
  check: checkInstagramAccount,
});
