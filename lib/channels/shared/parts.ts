import type { DeliveryProgress } from "../types";

/**
 * Sends the parts of one reply in order, skipping those an earlier attempt already delivered and
 * recording each new one as soon as the provider accepts it, so a retry after a transient failure
 * resumes where the last attempt stopped. `plan` must be the same on every attempt (it is derived
 * from the stored message only). Returns every part's provider id, earlier attempts' included.
 */
export async function sendInParts<P>(
  plan: readonly P[],
  progress: DeliveryProgress | undefined,
  send: (part: P, index: number) => Promise<string>,
): Promise<string[]> {
  const ids = (progress?.sent ?? []).slice(0, plan.length);
  for (let i = ids.length; i < plan.length; i++) {
    const id = await send(plan[i]!, i);
    ids.push(id);
    await progress?.partSent(id);
  }
  return ids;
}
