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

describe("OpenAPI automation rules", () => {
  type Doc = {
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { content?: { "application/json": { schema: { $ref?: string } } } }> }>>;
  };
  const doc = openApiDocument("http://localhost/api/v1") as unknown as Doc;

  it("answers each automation operation with a schema that exists in components", () => {
    const automation = Object.entries(doc.paths).filter(([p]) => p.includes("automation-rules"));
    expect(automation.map(([p, ops]) => `${Object.keys(ops).join(",")} ${p}`).sort()).toEqual([
      "get /inboxes/{id}/automation-rules",
      "get /automation-rules/{id}/runs",
      "get,patch,delete /automation-rules/{id}",
      "get,post /automation-rules",
      "post /automation-rules/reorder",
      "post /automation-rules/test",
    ].sort());
    for (const [p, ops] of automation) {
      for (const [m, op] of Object.entries(ops)) {
        if (m === "delete") continue;
        const ref = Object.values(op.responses)[0]!.content?.["application/json"].schema.$ref;
        expect(ref, `${m} ${p}`).toMatch(/^#\/components\/schemas\//);
        expect(doc.components.schemas[ref!.split("/").pop()!], ref).toBeDefined();
      }
    }
  });

  it("documents the rule's fields, the run's action outcomes and the test body", () => {
    const rule = doc.components.schemas.AutomationRule!;
    expect(Object.keys(rule.properties!).sort()).toEqual(
      ["id", "name", "description", "active", "event", "inboxIds", "match", "conditions", "actions", "stopProcessing", "oncePerConversation", "position", "runCount", "lastRunAt", "lastError", "createdAt", "webhookSecret"].sort(),
    );
    expect(JSON.stringify(doc.components.schemas.AutomationRun)).toContain('"unchanged"');
    const post = doc.paths["/automation-rules/test"]!.post! as { requestBody: { content: { "application/json": { schema: { required: string[] } } } } };
    expect(post.requestBody.content["application/json"].schema.required).toContain("rule");
    expect(Object.keys(doc.paths["/automation-rules"]!.post!.responses).sort()).toEqual(["201", "400", "401", "403", "422"]);
    expect(doc.components.schemas.AutomationSender!.properties!.type).toEqual({ type: "string", const: "automation" });
  });
});

describe("OpenAPI auto-assignment and presence", () => {
  type Doc = {
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    paths: Record<string, Record<string, { responses: Record<string, { content?: { "application/json": { schema: { $ref?: string } } } }> }>>;
  };
  const doc = openApiDocument("http://localhost/api/v1") as unknown as Doc;
  const ref = (path: string, method: string) => doc.paths[path]![method]!.responses["200"]!.content?.["application/json"].schema.$ref;

  it("gives users their capacity, availability and presence, and the queues their summary", () => {
    expect(Object.keys(doc.components.schemas.User!.properties!)).toEqual(expect.arrayContaining(["capacity", "availability", "presence"]));
    expect(ref("/agents/{id}", "get")).toBe("#/components/schemas/User");
    expect(ref("/presence", "get")).toBe("#/components/schemas/PresenceList");
    expect(ref("/inboxes/{id}/queue", "get")).toBe("#/components/schemas/InboxQueue");
    expect(Object.keys(doc.components.schemas.InboxQueue!.properties!).sort()).toEqual(["data", "oldestWaitingSince", "reason", "team", "waiting"]);
    expect(ref("/queue", "get")).toBe("#/components/schemas/WorkspaceQueue");
    expect(Object.keys(doc.components.schemas.AutoAssignment!.properties!).sort()).toEqual(["capacity", "enabled", "mode"]);
  });
});
