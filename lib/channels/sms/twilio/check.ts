import "server-only";
import { z } from "zod";
import { unreachable } from "../../shared/errors";
import type { Check } from "../../types";
import type { TwilioConfig, TwilioSecrets } from "../schema";
import { accountPath, describeTwilioError, readTwilioError, TWILIO, twilioGet } from "./client";

const accountSchema = z.looseObject({ sid: z.string(), status: z.string(), friendly_name: z.string().optional() });
const numbersSchema = z.looseObject({
  incoming_phone_numbers: z.array(
    z.looseObject({ phone_number: z.string(), capabilities: z.looseObject({ sms: z.boolean().optional() }).optional() }),
  ),
});

async function refusal(res: Response, what: string): Promise<Check> {
  const e = await readTwilioError(res);
  if (res.status === 401) return { ok: false, message: `Twilio refused the Account SID or Auth Token: ${describeTwilioError(e)}` };
  if (res.status === 404) return { ok: false, message: `Twilio has no ${what}: ${describeTwilioError(e)}` };
  return { ok: false, message: `Twilio answered HTTP ${res.status}: ${describeTwilioError(e)}` };
}

/** GET /Accounts/<sid>.json (an active account), then the sending number belongs to it and can text. */
export async function checkTwilio(config: TwilioConfig, secrets: TwilioSecrets): Promise<Check> {
  try {
    const res = await twilioGet(config, secrets, `${accountPath(config.accountSid)}.json`);
    if (!res.ok) return refusal(res, `account ${config.accountSid}`);
    const account = accountSchema.safeParse(await res.json().catch(() => null));
    if (!account.success) return { ok: false, message: "Twilio answered with an account we could not read" };
    if (account.data.status !== "active") {
      return { ok: false, message: `This Twilio account is ${account.data.status}: it cannot send or receive messages until it is active again` };
    }

    if (config.phoneNumber) {
      const url = `${accountPath(config.accountSid)}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(config.phoneNumber)}`;
      const list = await twilioGet(config, secrets, url);
      if (!list.ok) return refusal(list, "phone number list for this account");
      const parsed = numbersSchema.safeParse(await list.json().catch(() => null));
      const number = parsed.success ? parsed.data.incoming_phone_numbers.find((n) => n.phone_number === config.phoneNumber) : undefined;
      if (!number) {
        return {
          ok: false,
          message: `${config.phoneNumber} is not a phone number of this Twilio account. Check Phone Numbers → Manage → Active numbers in the Twilio Console.`,
        };
      }
      if (number.capabilities?.sms === false) return { ok: false, message: `${config.phoneNumber} cannot send or receive SMS (Twilio lists it without SMS capability)` };
    }
    return { ok: true, channelKey: `sms:twilio:${config.phoneNumber ?? config.messagingServiceSid}` };
  } catch (e) {
    return unreachable(TWILIO, e);
  }
}
