import "server-only";
import { envValue } from "@/lib/env";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";

export class UnsafeUrlError extends Error {}

/**
 * Loopback, private, link-local, CGNAT, multicast/reserved, and the IPv6 forms that reach IPv4
 * (mapped ::ffff:0:0/96 in any spelling, NAT64 64:ff9b::/96, 6to4 2002::/16) — a BlockList
 * compares addresses, not strings, so `[::ffff:7f00:1]` is caught as well as `127.0.0.1`.
 */
// Two lists: Node matches IPv4 addresses against IPv4-mapped IPv6 rules too, so ::ffff:0:0/96 must
// not sit in the list IPv4 addresses are checked against.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  blockedV4.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blockedV6.addSubnet(net, bits, "ipv6");
}

export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return family === 6 ? blockedV6.check(ip, "ipv6") : blockedV4.check(ip, "ipv4");
}

const PRIVATE_MESSAGE = "This URL points to a private network address, which is not allowed";

const privateUrlsAllowed = () =>
  envValue("KONVERSIO_ALLOW_PRIVATE_URLS");

/** The URL's host without the brackets the URL parser keeps around IPv6 literals. */
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

type Resolved = { address: string; family: number };

/** Resolves a host name and refuses it when any of its addresses is private (one bad answer is enough to be steered to it). */
async function resolvePublic(host: string, family?: number): Promise<Resolved[]> {
  const addresses = await lookup(host, { all: true, family: family ?? 0 });
  if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) throw new UnsafeUrlError(PRIVATE_MESSAGE);
  return addresses;
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError("Not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UnsafeUrlError("Only http and https URLs are allowed");
  return url;
}

/**
 * Rejects URLs that resolve to loopback/private/link-local addresses (SSRF), unless allowed for local setups.
 * On its own this only validates (e.g. a URL an admin saves): the address may change before anything
 * connects to it, so requests must go through safeFetch, which checks the address it connects to.
 */
export async function assertPublicUrl(raw: string): Promise<URL> {
  const url = parseHttpUrl(raw);
  if (privateUrlsAllowed()) return url;
  const host = bareHost(url);
  if (!isIP(host)) await resolvePublic(host);
  else if (isPrivateAddress(host)) throw new UnsafeUrlError(PRIVATE_MESSAGE);
  return url;
}

/**
 * The `lookup` the socket connects with: the addresses it hands back are the ones checked, so a
 * DNS server that answers a public address to assertPublicUrl and 127.0.0.1 a moment later
 * (DNS rebinding) gets refused instead of connected to. Honours `all`, which Node asks for when it
 * tries IPv4 and IPv6 in turn (autoSelectFamily).
 */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
  resolvePublic(hostname, family).then(
    (addresses) => {
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    },
    (err: NodeJS.ErrnoException) => callback(err, "", 0),
  );
};

type Outgoing = { method: string; headers: Record<string, string>; body: Buffer | null };

/**
 * Method, headers and body in the shape node:http takes. A web Request does the conversion, so every
 * BodyInit fetch accepts (string, bytes, URLSearchParams, FormData, Blob) gets the same bytes and
 * content-type (with multipart boundary) it would have had from fetch; it also rejects a GET with a body like fetch.
 */
async function outgoing(url: URL, init: RequestInit): Promise<Outgoing> {
  const request = new Request(url, { method: init.method, headers: init.headers, body: init.body, duplex: "half" } as RequestInit);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
  // What fetch sent by default, so hosts that expect them answer as before (no accept-encoding: bodies stay uncompressed).
  const headers: Record<string, string> = { accept: "*/*", "user-agent": "node" };
  for (const [name, value] of request.headers) headers[name] = value;
  if (body) headers["content-length"] = String(body.byteLength);
  return { method: request.method, headers, body };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Wraps node's response into the web Response callers expect (duplicate headers such as set-cookie kept apart). */
function toResponse(url: URL, method: string, res: http.IncomingMessage): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) throw new Error(`The server answered with an unusable HTTP status ${status}`);
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const hasBody = method !== "HEAD" && !NULL_BODY_STATUSES.has(status);
  if (!hasBody) res.resume();
  const body = hasBody ? (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>) : null;
  const response = new Response(body, { status, statusText: res.statusMessage ?? "", headers });
  // fetch fills in `url`; a constructed Response leaves it empty.
  Object.defineProperty(response, "url", { value: url.toString() });
  return response;
}

/** The timeout and the caller's signal as one: whichever fires first aborts the request and its body. */
function combinedSignal(init: { signal?: AbortSignal | null; timeoutMs?: number }): AbortSignal {
  const timeout = AbortSignal.timeout(init.timeoutMs ?? 10_000);
  return init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
}

/** Sends the request; resolves on the response head, and keeps the signal armed until the body is read or dropped. */
function send(url: URL, out: Outgoing, signal: AbortSignal, pinned: boolean): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: out.method,
      headers: out.headers,
      // Checked lookup only when checks apply; the URL keeps the host name, so Host and TLS SNI/certificate checks stay right.
      lookup: pinned ? checkedLookup : undefined,
      // No shared pool: a reused socket would skip the lookup, and nothing else should hand sockets to this one.
      agent: false,
    });
    let res: http.IncomingMessage | undefined;
    const onAbort = () => {
      req.destroy(signal.reason);
      res?.destroy(signal.reason);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const disarm = () => signal.removeEventListener("abort", onAbort);
    req.on("error", (err) => {
      disarm();
      reject(err);
    });
    req.on("response", (incoming) => {
      res = incoming;
      incoming.on("close", disarm);
      try {
        resolve(toResponse(url, out.method, incoming));
      } catch (e) {
        incoming.destroy();
        reject(e);
      }
    });
    req.end(out.body ?? undefined);
  });
}

/**
 * fetch() for URLs typed by users or taken from payloads: public addresses only, bounded time
 * (`timeoutMs`, default 10 s, covering the body too), no redirects (a 3xx comes back as is, like
 * redirect: "manual"). Not fetch itself: fetch resolves the host again after any check, and that
 * second answer is the one it connects to.
 */
export async function safeFetch(raw: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  // Fails fast with a clear error, and covers IP literals, which the socket connects to without a lookup.
  const url = await assertPublicUrl(raw);
  const signal = combinedSignal(init);
  const out = await outgoing(url, init);
  return send(url, out, signal, !privateUrlsAllowed());
}
