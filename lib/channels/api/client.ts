import "server-only";
import { safeFetch, UnsafeUrlError } from "@/lib/http/safe-fetch";
import { isTransientStatus, reasonOf } from "../shared/errors";
import { PermanentDeliveryError, type ChannelEvent } from "../types";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./signature";

/**
 * POSTs one event to the integrator's callback URL, signed with the inbox's webhook secret. The URL
 * was typed by an admin, so it is fetched only if it resolves to a public address.
 */
export async function postCallback(url: string, secret: string, payload: ChannelEvent): Promise<void> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  let res: Response;
  try {
    res = await safeFetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Konversio-Webhooks/1",
        [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
      },
      body,
    });
  } catch (e) {
    if (e instanceof UnsafeUrlError) throw new PermanentDeliveryError(`Callback URL refused: ${e.message}`, { inbox: true });
    throw new Error(`Callback unreachable: ${reasonOf(e)}`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 300);
    const msg = `Callback answered HTTP ${res.status}${text ? `: ${text}` : ""}`;
    // A 4xx other than throttling is the integrator saying no; retrying will not change it.
    if (res.status >= 400 && !isTransientStatus(res.status)) throw new PermanentDeliveryError(msg, { inbox: true });
    throw new Error(msg);
  }
}
