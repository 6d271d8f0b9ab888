import "server-only";
import { apiAdapter } from "./api/adapter";
import { websiteAdapter } from "./website/adapter";
import type { ChannelAdapter, ChannelType } from "./types";

/** The channel types that are built; the "Add inbox" screen offers exactly these. */
const adapters: Partial<Record<ChannelType, ChannelAdapter>> = {
  website: websiteAdapter,
  api: apiAdapter,
};

export function getAdapter(type: string): ChannelAdapter | undefined {
  return adapters[type as ChannelType];
}

export function builtChannelTypes(): ChannelType[] {
  return Object.keys(adapters) as ChannelType[];
}
