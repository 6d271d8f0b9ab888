import "server-only";
import { z } from "zod";
import { unreachable } from "../shared/errors";
import type { Check } from "../types";
import { graphCall, type GraphAuth } from "../meta/client";
import { GraphError } from "../meta/errors";
import { INSTAGRAM } from "../meta/messaging-spec";

const id = z.union([z.string(), z.number()]).transform(String);
const account = z.object({ user_id: id.optional(), username: z.string().optional() }).loose();
/** `/me` answers with the user's fields; the getting-started guide shows them wrapped in `data: [...]`, so both are read. */
const meSchema = account.extend({ data: z.array(account).optional() });

/**
 * The token must be an Instagram User access token of this very account. `GET /me` on
 * graph.instagram.com names the account the token belongs to: `user_id` is the professional
 * account's id, the one webhooks carry as `entry.id` (`id` is an app-scoped id, not comparable).
 * The app secret rides along as appsecret_proof, so a wrong one fails here too.
 */
export async function checkInstagramAccount(auth: GraphAuth, instagramId: string): Promise<Check> {
  let me: z.infer<typeof meSchema>;
  try {
    me = await graphCall(INSTAGRAM.provider, auth, { host: INSTAGRAM.host, path: "me", query: { fields: "user_id,username" } }, meSchema);
  } catch (e) {
    if (e instanceof GraphError && e.code === 190) {
      return {
        ok: false,
        message: `Instagram rejected this access token: ${e.message}. Use an Instagram User access token: generate it next to the account under your app's Instagram → API setup with Instagram business login (Facebook Page tokens do not work here).`,
      };
    }
    if (e instanceof GraphError) return { ok: false, message: e.message };
    return unreachable(INSTAGRAM.provider, e);
  }
  const info = me.data?.[0] ?? me;
  if (!info.user_id) return { ok: false, message: "Instagram did not say which account this access token belongs to; generate a new token under Instagram → API setup." };
  if (info.user_id !== instagramId) {
    const who = info.username ? `@${info.username} (ID ${info.user_id})` : `ID ${info.user_id}`;
    return {
      ok: false,
      message: `This access token belongs to the Instagram account ${who}, not to the account ID ${instagramId}. Enter that account's ID, or generate the token next to the right account under Instagram → API setup.`,
    };
  }
  return { ok: true, channelKey: `instagram:${instagramId}`, facts: { username: info.username || undefined } };
}
