import "server-only";
import type { ChannelAdapter } from "@/lib/channels/types";

/** Separates credentials (encrypted at rest) from settings that may be shown. Fields may be dotted paths. */
export function splitChannelInput(adapter: ChannelAdapter, input: Record<string, unknown>) {
  const config: Record<string, unknown> = structuredClone(input);
  const secrets: Record<string, unknown> = {};
  for (const path of adapter.secretFields) {
    const parts = path.split(".");
    let node: Record<string, unknown> | undefined = config;
    for (const p of parts.slice(0, -1)) node = node?.[p] as Record<string, unknown> | undefined;
    const leaf = parts.at(-1)!;
    if (node && leaf in node) {
      if (node[leaf] !== undefined) secrets[path] = node[leaf];
      delete node[leaf];
    }
  }
  return { config, secrets };
}

/** Puts secret values back into the nested input shape (the inverse of splitChannelInput). */
export function mergeChannelInput(config: Record<string, unknown>, secrets: Record<string, unknown>) {
  const merged: Record<string, unknown> = structuredClone(config);
  for (const [path, value] of Object.entries(secrets)) {
    const parts = path.split(".");
    let node = merged;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = value;
  }
  return merged;
}
