import "server-only";
import type { FetchedMedia } from "../../types";
import { PermanentDeliveryError } from "../../types";
import { downloadProviderFile } from "../../shared/download";
import type { BandwidthConfig, BandwidthSecrets } from "../schema";
import { BANDWIDTH, bandwidthAuth, bandwidthBase, userPath } from "./client";

/** Downloads an MMS part; only this account's media on the Bandwidth API gets the API credentials. */
export async function fetchBandwidthMedia(config: BandwidthConfig, secrets: BandwidthSecrets, ref: string): Promise<FetchedMedia> {
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
  const file = await downloadProviderFile(BANDWIDTH, { origin: base.origin, authorization: bandwidthAuth(secrets) }, url.toString());
  const name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return name ? { ...file, name } : file;
}
