import "server-only";
import { z } from "zod";
import { graphCall } from "../meta/client";
import { GraphError } from "../meta/errors";
import { unreachable } from "../shared/errors";
import type { Check } from "../types";
import type { WhatsappConfig, WhatsappSecrets } from "./schema";

const phoneNumberSchema = z.object({ id: z.string().optional(), display_phone_number: z.string().optional(), verified_name: z.string().optional() }).loose();

const subscribedSchema = z.object({ success: z.boolean().optional() }).loose();

const subscribedRefusal = (businessAccountId: string, said: string): Check => ({
  ok: false,
  message: `WhatsApp refused to subscribe this app to WhatsApp Business Account ${businessAccountId}, so no messages would reach Konversio. Check the account ID and that the token has the whatsapp_business_management permission. Meta said: ${said}`,
});

export const whatsappAuth = (secrets: WhatsappSecrets) => ({ token: secrets.accessToken, appSecret: secrets.appSecret });

/**
 * Looks the phone number up with the token (and the app secret as appsecret_proof). Meta's
 * display number and verified business name are kept with the settings for the inbox list.
 */
export async function checkWhatsapp(config: WhatsappConfig, secrets: WhatsappSecrets): Promise<Check> {
  try {
    const info = await graphCall(
      "WhatsApp",
      whatsappAuth(secrets),
      { path: config.phoneNumberId, query: { fields: "display_phone_number,verified_name" } },
      phoneNumberSchema,
    );
    // Meta sends a WABA's webhooks only to apps subscribed to it; without this an admin had to do
    // it by hand in the dashboard, and nothing said so. Subscribing again is harmless.
    let refused: string | null = null;
    try {
      const answer = await graphCall("WhatsApp", whatsappAuth(secrets), { method: "POST", path: `${config.businessAccountId}/subscribed_apps` }, subscribedSchema);
      if (answer.success === false) refused = "the subscription was not accepted (success: false)";
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      refused = e.message;
    }
    if (refused) return subscribedRefusal(config.businessAccountId, refused);
    return {
      ok: true,
      channelKey: `whatsapp:${config.phoneNumberId}`,
      facts: { displayPhoneNumber: info.display_phone_number || undefined, verifiedName: info.verified_name || undefined },
    };
  } catch (e) {
    if (e instanceof GraphError) return { ok: false, message: e.message };
    return unreachable("WhatsApp", e);
  }
}
