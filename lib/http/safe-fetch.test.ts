import { lookup } from "node:dns/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { assertPublicUrl, isPrivateAddress, safeFetch, UnsafeUrlError } from "./safe-fetch";
import type * as DnsPromises from "node:dns/promises";

// The resolver is mocked (passing through to the real one unless a test says otherwise) so a test
// can play a DNS server that changes its answer between two lookups, as a rebinding attacker does.
vi.mock("node:dns/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof DnsPromises>();
  return { ...actual, default: actual, lookup: vi.fn(actual.lookup) };
});
const { lookup: realLookup } = await vi.importActual<typeof DnsPromises>("node:dns/promises");
const lookupMock = vi.mocked(lookup) as unknown as ReturnType<typeof vi.fn>;

describe("isPrivateAddress", () => {
  it("refuses private, loopback, link-local and IPv6 spellings that reach them", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1"]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
  });

  it("lets public addresses through", () => {
    for (const ip of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"]) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });

  it("the URL parser's rewrite of a mapped address does not slip through", () => {
    const host = new URL("http://[::ffff:127.0.0.1]/").hostname.replace(/^\[|\]$/g, "");
    expect(host).toBe("::ffff:7f00:1");
    expect(isPrivateAddress(host)).toBe(true);
  });
});

/** A local server whose routes cover what callers rely on; `hits` shows whether a refused request got through anyway. */
let server: Server;
let port: number;
let hits: string[] = [];

function route(req: IncomingMessage, res: ServerResponse, body: string) {
  switch (req.url) {
    case "/hello":
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.setHeader("x-multi", ["one", "two"]);
      res.setHeader("content-type", "text/plain; charset=utf-8");
      return res.end("hello");
    case "/echo":
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify({ method: req.method, contentType: req.headers["content-type"], host: req.headers.host, body }));
    case "/redirect":
      res.writeHead(302, "Found Elsewhere", { location: "/hello" });
      return res.end("moved");
    case "/empty":
      res.writeHead(204);
      return res.end();
    case "/stall-head":
      return; // never answers
    case "/stall-body":
      res.writeHead(200, { "content-type": "text/plain" });
      return res.write("partial"); // and never ends
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => route(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = [];
  lookupMock.mockClear().mockImplementation(realLookup);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("safeFetch refuses private addresses", () => {
  beforeEach(() => {
    vi.stubEnv("KONVERSIO_ALLOW_PRIVATE_URLS", "");
  });

  it("refuses a host whose DNS answer changes to 127.0.0.1 after the check (DNS rebinding)", async () => {
    // First answer public (what a check sees), every later one loopback (what a second resolution sees).
    lookupMock.mockImplementation(async () => (lookupMock.mock.calls.length === 1 ? [{ address: "93.184.216.34", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]));
    await expect(safeFetch(`http://localhost:${port}/hello`, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(hits).toEqual([]);
    expect(lookupMock.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a host when any one of its addresses is private", async () => {
    lookupMock.mockImplementation(async () => [{ address: "93.184.216.34", family: 4 }, { address: "127.0.0.1", family: 4 }]);
    await expect(safeFetch(`http://public.example:${port}/hello`)).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(hits).toEqual([]);
  });

  it('refuses the host name "localhost" without KONVERSIO_ALLOW_PRIVATE_URLS', async () => {
    await expect(safeFetch(`http://localhost:${port}/hello`)).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(assertPublicUrl(`http://localhost:${port}/hello`)).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(hits).toEqual([]);
  });

  it("refuses IP literals, IPv6 in brackets included, without a lookup", async () => {
    for (const url of [`http://127.0.0.1:${port}/hello`, `http://[::1]:${port}/hello`, `http://[::ffff:127.0.0.1]:${port}/hello`]) {
      await expect(safeFetch(url), url).rejects.toBeInstanceOf(UnsafeUrlError);
    }
    expect(lookupMock).not.toHaveBeenCalled();
    expect(hits).toEqual([]);
  });

  it("refuses URLs that are not http(s)", async () => {
    await expect(safeFetch("file:///etc/passwd")).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(safeFetch("not a url")).rejects.toBeInstanceOf(UnsafeUrlError);
  });
});

describe("safeFetch with KONVERSIO_ALLOW_PRIVATE_URLS=1 (local server)", () => {
  beforeEach(() => {
    vi.stubEnv("KONVERSIO_ALLOW_PRIVATE_URLS", "1");
  });

  const base = () => `http://127.0.0.1:${port}`;

  it("returns status, headers (repeated ones too), body text and the URL", async () => {
    const res = await safeFetch(`${base()}/hello`);
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(res.headers.get("x-multi")).toBe("one, two");
    expect(res.url).toBe(`${base()}/hello`);
    expect(await res.text()).toBe("hello");
  });

  it("sends method, headers and a string body", async () => {
    const res = await safeFetch(`${base()}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(await res.json()).toEqual({ method: "POST", contentType: "application/json", host: `127.0.0.1:${port}`, body: '{"a":1}' });
  });

  it("sends byte and form bodies with fetch's content types", async () => {
    const bytes = await safeFetch(`${base()}/echo`, { method: "PUT", body: new TextEncoder().encode("raw bytes") });
    expect(await bytes.json()).toMatchObject({ method: "PUT", body: "raw bytes" });
    const form = await safeFetch(`${base()}/echo`, { method: "POST", body: new URLSearchParams({ q: "a b" }) });
    expect(await form.json()).toMatchObject({ contentType: "application/x-www-form-urlencoded;charset=UTF-8", body: "q=a+b" });
  });

  it("returns a redirect as is instead of following it", async () => {
    const res = await safeFetch(`${base()}/redirect`);
    expect(res.status).toBe(302);
    expect(res.statusText).toBe("Found Elsewhere");
    expect(res.headers.get("location")).toBe("/hello");
    expect(await res.text()).toBe("moved");
    expect(hits).toEqual(["/redirect"]);
  });

  it("gives a 204 and a HEAD answer a null body", async () => {
    expect((await safeFetch(`${base()}/empty`)).body).toBeNull();
    const head = await safeFetch(`${base()}/hello`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it("times out a server that never answers", async () => {
    const started = Date.now();
    await expect(safeFetch(`${base()}/stall-head`, { timeoutMs: 200 })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out a body that stops arriving", async () => {
    const res = await safeFetch(`${base()}/stall-body`, { timeoutMs: 300 });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("honours the caller's abort signal", async () => {
    const controller = new AbortController();
    const pending = safeFetch(`${base()}/stall-head`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(safeFetch(`${base()}/hello`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
  });

  it('also lets "localhost" through, checking nothing', async () => {
    const res = await safeFetch(`http://localhost:${port}/hello`);
    expect(await res.text()).toBe("hello");
  });
});
