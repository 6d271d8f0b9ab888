import "server-only";
import { z } from "zod";
import { unreachable } from "../shared/errors";
import type { Check } from "../types";
import { graphCall, type GraphAuth } from "./client";
import { GraphError } from "./errors";
import type { MessagingSpec } from "./messaging-spec";

const accountSchema = z.object({ id: z.string().optional() }).loose();

const subscribedSchema = z.object({ success: z.boolean().optional() }).loose();

const refusal = (spec: MessagingSpec, said: string) =>
  `${spec.provider} refused to subscribe this app to the Page's messages, so none would reach Konversio. The Page token needs the pages_manage_metadata permission. Meta said: ${said}`;

/** Subscribes the app to the account's webhooks (harmless when it already is); the refusal in words, or null. */
async function subscribe(spec: MessagingSpec, auth: GraphAuth, accountId: string, fields: string): Promise<string | null> {
  try {
    const answer = await graphCall(spec.provider, auth, { method: "POST", host: spec.host, path: `${accountId}/subscribed_apps`, query: { subscribed_fields: fields } }, subscribedSchema);
    return answer.success === false ? refusal(spec, "the subscription was not accepted (success: false)") : null;
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    return refusal(spec, e.message);
  }
}

/**
 * The account (Page or Instagram account) must answer with this token (and app secret, as
 * appsecret_proof); its name is kept for the inbox list.
 */
export async function checkMessagingAccount(
  spec: MessagingSpec,
  type: string,
  auth: GraphAuth,
  accountId: string,
  o: { checkFields: string; nameFrom: { answer: string; config: string } },
): Promise<Check> {
  try {
    const info = await graphCall(spec.provider, auth, { host: spec.host, path: accountId, query: { fields: o.checkFields } }, accountSchema);
    const name = info[o.nameFrom.answer];
    if (spec.subscribeFields) {
      const refused = await subscribe(spec, auth, accountId, spec.subscribeFields);
      if (refused) return { ok: false, message: refused };
    }
    return { ok: true, channelKey: `${type}:${accountId}`, facts: { [o.nameFrom.config]: typeof name === "string" && name ? name : undefined } };
  } catch (e) {
    if (e instanceof GraphError) return { ok: false, message: e.message };
    return unreachable(spec.provider, e);
  }
}
