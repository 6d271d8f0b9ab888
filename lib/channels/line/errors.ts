import "server-only";
import { isTransientStatus, retryAfterOf } from "../shared/errors";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";
import { describe, readLineError } from "./client";

/** A failed LINE call made from a job: credentials and missing content are final, the rest retried. */
export async function jobFailure(res: Response, what: string): Promise<never> {
  const err = await readLineError(res);
  const said = `LINE said: ${describe(err)}`;
  if (res.status === 401) throw new PermanentDeliveryError(`LINE rejected the channel access token while ${what}. ${said}`, { credentials: true });
  if (isTransientStatus(res.status)) throw new TransientDeliveryError(`LINE answered HTTP ${res.status} while ${what}. ${said}`, { retryAfterSeconds: retryAfterOf(res) });
  if (res.status === 404) throw new PermanentDeliveryError(`LINE no longer holds this file (it keeps message content only for a while). ${said}`);
  throw new PermanentDeliveryError(`LINE refused ${what}. ${said}`);
}
