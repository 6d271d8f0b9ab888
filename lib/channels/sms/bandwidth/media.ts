import "server-only";
import type { FetchedMedia } from "../../types";
import { PermanentDeliveryError } from "../../types";
import { downloadProviderFile } from "../media";
import type { BandwidthConfig, BandwidthSecrets } from "../schema";
import { BANDWIDTH, bandwidthAuth, bandwidthBase, userPath } from "./client";

/** Downloads an MMS part; only this account's media on the Bandwidth API gets the API credentials. */
export async function fetchBandwidthMedia(ref: string, config: BandwidthConfig, secrets: BandwidthSecrets): Promise<FetchedMedia> {
  const base = new URL(bandwidthBase());
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw new PermanentDeliveryError("The media address Bandwidth sent is not a URL");
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(new URL(`${userPath(config.accountId)}/media/`).pathname)) {
    throw new PermanentDeliveryError("The media address is not one of this Bandwidth account's files");
  }
  const file = await downloadProviderFile(BANDWIDTH, url.toString(), { origin: base.origin, authorization: bandwidthAuth(secrets) });
  const name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return name ? { ...file, name } : file;
}
