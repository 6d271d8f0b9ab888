import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse } from "@playwright/test";
import { baseUrl } from "./support/app";
import { allowHeader, API_METHODS } from "@/lib/http/methods";

/*
 * Every answer under /api is the JSON envelope (docs/architecture.md §6.7): a method a route
 * does not serve is a 405 with `Allow`, a path no route serves a 404 — never Next's empty 405 or
 * its HTML 404 page. The routes are read from app/api itself, so a new route.ts that forgets
 * `otherMethods` fails here.
 */

const apiDir = path.join(process.cwd(), "app/api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

/** The methods a route.ts implements itself: its exported handlers, minus those handed to otherMethods. */
function servedMethods(source: string): string[] {
  const refused = new Set((/export const \{([^}]*)\}\s*=\s*otherMethods/.exec(source)?.[1] ?? "").split(",").map((s) => s.trim()));
  return API_METHODS.filter(
    (m) =>
      !refused.has(m) &&
      (new RegExp(`export (async )?(function|const) ${m}\\b`).test(source) || new RegExp(`export const \\{[^}]*\\b${m}\\b[^}]*\\}`).test(source)),
  );
}

/** A URL for the route's folder with a plausible value in each dynamic segment. */
function urlFor(file: string): string {
  const segments = path.relative(apiDir, path.dirname(file)).split(path.sep).map((s) =>
    s === "[channel]" ? "api" : s === "[...nextauth]" ? "session" : s.startsWith("[") ? randomUUID() : s,
  );
  return `/api/${segments.join("/")}`;
}

const routes = routeFiles(apiDir)
  .filter((f) => !f.includes("[[...path]]"))
  .map((file) => ({ file: path.relative(process.cwd(), file), url: urlFor(file), served: servedMethods(readFileSync(file, "utf8")) }));

async function expectEnvelope(res: APIResponse, status: number, code: string, what: string) {
  expect(res.status(), what).toBe(status);
  expect(res.headers()["content-type"] ?? "", what).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body.error?.code, what).toBe(code);
  expect(typeof body.error?.message, what).toBe("string");
}

test("a method a route does not serve is a JSON 405 with Allow, on every route in app/api", async ({ request }) => {
  expect(routes.length).toBeGreaterThan(30);
  for (const route of routes) {
    expect(route.served.length, `${route.file} serves no method?`).toBeGreaterThan(0);
    for (const method of API_METHODS) {
      const what = `${method} ${route.url} (${route.file})`;
      const res = await request.fetch(baseUrl() + route.url, { method, maxRedirects: 0, data: method === "GET" ? undefined : {} });
      if (route.served.includes(method)) {
        expect(res.status(), what).not.toBe(405);
        continue;
      }
      await expectEnvelope(res, 405, "method_not_allowed", what);
      expect(res.headers()["allow"], what).toBe(allowHeader(route.served));
    }
  }
});

test("a path under /api that no route serves is a JSON 404, whatever the method", async ({ request }) => {
  for (const [method, url] of [
    ["GET", "/api/v1"],
    ["GET", "/api/v1/nope"],
    ["POST", "/api/v1/nope"],
    ["DELETE", "/api/v1/conversations/x/y/z"],
    ["GET", "/api"],
    ["PUT", "/api/webhooks"],
    ["GET", "/api/v1/conversations/..%2F..%2Fetc%2Fpasswd/nope"],
  ] as const) {
    await expectEnvelope(await request.fetch(baseUrl() + url, { method, maxRedirects: 0 }), 404, "not_found", `${method} ${url}`);
  }
});

test("odd ids in the path (../, NUL, very long) are 4xx answers, never 500", async ({ request }) => {
  const odd = ["..%2F..%2Fetc%2Fpasswd", "a%00b", "%00", "x".repeat(2000), "%F0%9F%92%A9", "'%20OR%201=1--"];
  for (const id of odd) {
    for (const url of [`/api/v1/conversations/${id}`, `/api/v1/agents/${id}`, `/api/attachments/${id}`, `/api/contacts/${id}/avatar`, `/api/webhooks/api/${id}`]) {
      const res = await request.get(baseUrl() + url, { maxRedirects: 0 });
      expect(res.status(), url).toBeGreaterThanOrEqual(400);
      expect(res.status(), url).toBeLessThan(500);
    }
    // The chat page is HTML, but an odd token is still "no such chat", not a crash.
    const page = await request.get(`${baseUrl()}/widget/${id}`, { maxRedirects: 0 });
    expect(page.status(), `/widget/${id}`).toBe(404);
  }
});
