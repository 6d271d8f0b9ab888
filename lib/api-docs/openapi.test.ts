import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, operations } from "./openapi";

/*
 * The OpenAPI document against the route handlers that exist under app/api/v1: every endpoint is
 * documented, and nothing documented is missing. (e2e/api.spec.ts checks the served document
 * against its own endpoint list; this needs no running app.)
 */

const ROOT = path.resolve(__dirname, "../../app/api/v1");

/** The document does not describe itself. */
const UNDOCUMENTED = new Set(["GET /openapi.json"]);

function routes(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routes(full);
    if (entry.name !== "route.ts") return [];
    const url = "/" + path.relative(ROOT, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
    const source = readFileSync(full, "utf8");
    const methods = [...source.matchAll(/^export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((m) => m[1]!);
    return methods.map((m) => `${m} ${url}`);
  });
}

describe("OpenAPI document", () => {
  it("documents every route handler under /api/v1, and only those", () => {
    const handled = routes();
    const documented = operations().map((o) => `${o.method} ${o.path}`);
    expect(handled.filter((r) => !UNDOCUMENTED.has(r) && !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !handled.includes(d))).toEqual([]);
  });

  it("describes the email inbox's check-now endpoint", () => {
    const doc = openApiDocument("http://localhost/api/v1") as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const op = doc.paths["/inboxes/{id}/email/sync"]!.post!;
    expect(Object.keys(op.responses).sort()).toEqual(["202", "401", "403", "404", "410"]);
  });
});
