import "server-only";
import { messagingAdapter } from "../meta/messaging-adapter";
import { INSTAGRAM } from "../meta/messaging-spec";
import { instagramConfigSchema, instagramInputSchema, instagramSecretsSchema } from "./schema";

/** Instagram Direct: a professional account's messages through the Graph API. */
export const instagramAdapter = messagingAdapter({
  type: "instagram",
  spec: INSTAGRAM,
  inputSchema: instagramInputSchema,
  configSchema: instagramConfigSchema,
  secretsSchema: instagramSecretsSchema,
  idField: "instagramId",
  tokenField: "accessToken",
  checkFields: "id,username",
  nameFrom: { answer: "username", config: "username" },
});
