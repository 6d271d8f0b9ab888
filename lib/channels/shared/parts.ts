import { PermanentDeliveryError, type DeliveryProgress } from "../types";

/**
 * Sends the parts of one reply in order, skipping those an earlier attempt already delivered and
 * recording each new one as soon as the provider accepts it, so a retry after a transient failure
 * resumes where the last attempt stopped. `plan` must be the same on every attempt (it is derived
 * from the stored message only). Returns every part's provider id, earlier attempts' included.
 * A later part's refusal says that the customer already has the parts before it (`partRefusal`).
 */
export async function sendInParts<P>(
  plan: readonly P[],
  progress: DeliveryProgress | undefined,
  send: (part: P, index: number) => Promise<string>,
): Promise<string[]> {
  const ids = (progress?.sent ?? []).slice(0, plan.length);
  for (let i = ids.length; i < plan.length; i++) {
    const id = await send(plan[i]!, i).catch((e: unknown) => {
      throw partRefusal(e, i, plan.length);
    });
    ids.push(id);
    await progress?.partSent(id);
  }
  return ids;
}

/**
 * The refusal of part `index` (0-based) of a reply of `total` parts, in words that tell the agent
 * the customer already has the parts before it and that Resend sends only the rest. The first
 * part's refusal, or a failure worth retrying, is returned as it is.
 */
export function partRefusal(refusal: unknown, index: number, total: number): unknown {
  if (index === 0 || !(refusal instanceof PermanentDeliveryError)) return refusal;
  const reason = refusal.message.replace(/([^.])$/, "$1.");
  return new PermanentDeliveryError(
    `Only part of this reply reached the customer (${index} of ${total} messages). The rest failed: ${reason} Resend sends the missing part${total - index > 1 ? "s" : ""}.`,
    { credentials: refusal.credentials, inbox: refusal.needsAttention },
  );
}
