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

/** The settings to store: the admin's, with what the provider told the credential check (undefined removes). */
export function withProviderFacts(config: Record<string, unknown>, facts: Record<string, unknown> | undefined) {
  const stored = { ...config, ...facts };
  for (const [k, v] of Object.entries(stored)) if (v === undefined) delete stored[k];
  return stored;
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

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `patch` over `base`; nested plain objects merge key by key, anything else is replaced. */
export function mergeDeep(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeDeep(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** The value at a dotted path ("imap.password"), or undefined. */
export function readPath(obj: Record<string, unknown>, path: string): unknown {
  let node: unknown = obj;
  for (const p of path.split(".")) node = isPlainObject(node) ? node[p] : undefined;
  return node;
}

export function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = obj;
  for (const p of parts.slice(0, -1)) node = (isPlainObject(node[p]) ? node[p] : (node[p] = {})) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}
