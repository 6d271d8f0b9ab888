import "server-only";
import { z } from "zod";
import { unreachable } from "../shared/errors";
import type { Check } from "../types";
import { graphCall, type GraphAuth } from "./client";
import { GraphError } from "./errors";
import type { MessagingSpec } from "./messaging-spec";

const accountSchema = z.object({ id: z.string().optional() }).loose();

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
    return { ok: true, channelKey: `${type}:${accountId}`, facts: { [o.nameFrom.config]: typeof name === "string" && name ? name : undefined } };
  } catch (e) {
    if (e instanceof GraphError) return { ok: false, message: e.message };
    return unreachable(spec.provider, e);
  }
}
