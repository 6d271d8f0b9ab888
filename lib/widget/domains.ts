import { isHostname, normaliseHost } from "@/lib/channels/website/defaults";

/** Whether `host` (a host name or an origin) is one of the entries or a subdomain of one. */
export function hostAllowed(allowedDomains: readonly string[], host: string | null | undefined): boolean {
  if (allowedDomains.length === 0) return true;
  if (!host) return false;
  const h = normaliseHost(host);
  if (!isHostname(h)) return false;
  return allowedDomains.some((d) => h === d || h.endsWith(`.${d}`));
}
