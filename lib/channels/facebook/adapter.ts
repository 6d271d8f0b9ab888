import "server-only";
import { messagingAdapter } from "../meta/messaging-adapter";
import { MESSENGER } from "../meta/messaging-spec";
import { facebookConfigSchema, facebookInputSchema, facebookSecretsSchema } from "./schema";

/** Facebook Messenger: a Page's conversations through the Send API and the page webhook. */
export const facebookAdapter = messagingAdapter({
  type: "facebook",
  spec: MESSENGER,
  inputSchema: facebookInputSchema,
  configSchema: facebookConfigSchema,
  secretsSchema: facebookSecretsSchema,
  idField: "pageId",
  tokenField: "pageAccessToken",
  checkFields: "id,name",
  nameFrom: { answer: "name", config: "pageName" },
});
