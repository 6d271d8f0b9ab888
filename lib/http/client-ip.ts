import { envValue } from "@/lib/env";
/**
 * The caller's address for per-IP rate limits. X-Forwarded-For is written by whoever sent the
 * request, so it is only believed for the hops an administrator declared as their own proxies
 * (KONVERSIO_TRUSTED_PROXIES): the entry that many places from the right is the one the nearest
 * trusted proxy saw. With no trusted proxy, every caller shares one bucket per email, which is
 * stricter but cannot be bypassed by inventing headers.
 */
export function clientIp(headers: Headers): string {
  const hops = envValue("KONVERSIO_TRUSTED_PROXIES");
  if (!Number.isInteger(hops) || hops <= 0) return "any";
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? "unknown";
}
