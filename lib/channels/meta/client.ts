import "server-only";
import type { ZodType } from "zod";
import { envValue } from "@/lib/env";
import { hmacHex } from "@/lib/security/crypto";
import { bearer, providerFetch, providerUrl, TIMEOUTS } from "../shared/http";
import { GraphError, parseGraphError } from "./errors";
import { GRAPH_VERSION } from "./version";


export type GraphAuth = { token: string; appSecret?: string };

/**
 * Which host a call goes to. WhatsApp and Messenger use the Graph API (graph.facebook.com) with
 * Facebook tokens; Instagram (Instagram API with Instagram Login) uses graph.instagram.com, the
 * only host that accepts its Instagram User tokens: graph.facebook.com refuses them (code 190).
 */
export type GraphHost = "graph" | "instagram";

const hostUrl = (host: GraphHost) =>
  host === "instagram" ? envValue("INSTAGRAM_API_URL").replace(/\/+$/, "") : providerUrl("META_GRAPH_API_URL");

export type GraphCall = {
  /** Default: the Graph API host. */
  host?: GraphHost;
  method?: "GET" | "POST" | "DELETE";
  /** Path under the version, e.g. `123/messages`. */
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
};

export function graphUrl(path: string, query: Record<string, string> = {}, host: GraphHost = "graph"): string {
  const url = new URL(`${hostUrl(host)}/${GRAPH_VERSION}/${path.replace(/^\/+/, "")}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * `appsecret_proof` = hex HMAC-SHA256(appSecret, token). Meta checks it whenever it is present,
 * so sending it proves the app secret too (a wrong one fails the credential check instead of
 * silently failing every webhook signature later), and it satisfies apps that require it.
 */
export const appSecretProof = (auth: GraphAuth) => (auth.appSecret ? hmacHex("sha256", auth.appSecret, auth.token) : undefined);

/**
 * One Graph API call with the token as a Bearer header. Network failures, 5xx and 429 become
 * TransientDeliveryError (providerFetch); any other non-2xx answer becomes a GraphError with
 * Meta's own error object; a 2xx body is checked against `schema`.
 */
export async function graphCall<T>(provider: string, auth: GraphAuth, call: GraphCall, schema: ZodType<T>): Promise<T> {
  const proof = appSecretProof(auth);
  const url = graphUrl(call.path, { ...call.query, ...(proof ? { appsecret_proof: proof } : {}) }, call.host);
  const headers: Record<string, string> = { ...bearer(auth.token), accept: "application/json" };
  let body: BodyInit | undefined;
  if (call.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.form) {
    body = call.form;
  }
  const res = await providerFetch(provider, url, { method: call.method ?? (body ? "POST" : "GET"), headers, body, timeoutMs: call.form ? TIMEOUTS.transfer : TIMEOUTS.call });
  const text = await res.text().catch(() => "");
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (!res.ok) throw parseGraphError(res.status, json, text, res.headers.get("retry-after"));
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new GraphError(`${provider} answered in an unexpected format`, { status: res.status });
  return parsed.data;
}
