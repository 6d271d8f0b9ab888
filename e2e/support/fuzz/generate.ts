/*
 * Bad requests generated from the OpenAPI document (issue 10): for each operation, bodies that
 * are not JSON, of the wrong type, with each property wrong, missing or extra, huge, NUL-bearing
 * or nested 10,000 deep; odd path ids; bad query parameters; and a few valid-shaped requests
 * with weird-but-legal strings. Deterministic: everything random comes from one seeded PRNG.
 */

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  additionalProperties?: unknown;
};

export type Operation = {
  method: string;
  /** The template, e.g. `/conversations/{id}/messages/{messageId}/html`, under `base`. */
  path: string;
  base: string;
  pathParams: string[];
  query: Record<string, Schema>;
  body?: Schema;
  /** "Who: administrator." in the document. */
  adminOnly: boolean;
  /** Operations anyone may call (the document marks them "Who: anyone."). */
  anonymous: boolean;
};

export type OpenApiDoc = {
  servers: { url: string }[];
  paths: Record<string, Record<string, { description?: string; parameters?: { name: string; in: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
};

/** Every operation of the document, in its order. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const base = new URL(doc.servers[0]!.url).pathname.replace(/\/$/, "");
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      base,
      pathParams: (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
      query: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p.schema])),
      body: op.requestBody?.content["application/json"]?.schema,
      adminOnly: /^Who: administrator\./.test(op.description ?? ""),
      anonymous: /^Who: anyone\./.test(op.description ?? ""),
    })),
  );
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const sample = <T>(xs: readonly T[], n: number): T[] => {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };
  return { next, int, pick, sample };
}
export type Rng = ReturnType<typeof prng>;

/** Ids of real objects, by the collection a path parameter names (the segment before it). */
export type IdSource = (collection: string) => string;

export type FuzzCase = { name: string; path: string; body?: Buffer; contentType?: string; chunked?: boolean; valid?: boolean; hidden?: boolean };

const MB = 1024 * 1024;
/** Weird but legal text; none of it looks like a secret or a stack trace to the checks. */
export const WEIRD = [
  "Zoë 🚀 مرحبا 你好 👩🏽‍💻",
  "'; DROP TABLE users; --",
  '<script>alert("x")</script><img src=x onerror=alert(1)>',
  "{{7*7}} ${7*7} %s %n %x",
  "\u202Eevil\u202C right-to-left",
  "zero\u200Bwidth\uFEFF",
  "e\u0301\u0301\u0301 combining",
  "  padded\t\r\n  ",
  "null",
  "__proto__",
  "with\u0000nul",
];
const WRONG_VALUES: unknown[] = [0, -1, 1.5, 1e308, true, false, "a string", "", [], {}, [1, "a", null], { $gt: "" }, { __proto__: { admin: true } }];

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
const declaredTypes = (s: Schema): string[] => {
  if (s.anyOf) return s.anyOf.flatMap(declaredTypes);
  if (s.const !== undefined || s.enum) return [...new Set([...(s.enum ?? [s.const])].map(typeOf))];
  const t = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return t.includes("number") ? [...t, "integer"] : t;
};

/** A value of the schema, with weird-but-legal text, real ids where a property names one, and hints that make success likely. */
function sampleValue(name: string, s: Schema, rng: Rng, ids: IdSource, n: number): unknown {
  if (s.anyOf) return sampleValue(name, s.anyOf[0]!, rng, ids, n);
  if (s.const !== undefined) return s.const;
  if (s.enum) return rng.pick(s.enum);
  const t = declaredTypes(s)[0];
  if (name === "channel" || (t === "object" && s.properties?.type?.enum)) return { type: "api", callbackUrl: `https://hooks.example.invalid/${encodeURIComponent(rng.pick(WEIRD))}` };
  if (t === "object") return sampleObject(s, rng, ids, n);
  if (t === "array") {
    const single = name.replace(/Ids$/, "Id");
    if (single !== name && single !== "attachmentId") return [ids(collectionOfField(single))];
    return [];
  }
  if (t === "integer" || t === "number") return s.minimum ?? 1;
  if (t === "boolean") return rng.next() < 0.5;
  if (t === "string" || t === undefined) {
    if (s.format === "uuid" || /Id$/.test(name)) return ids(collectionOfField(name));
    if (/email|^to$/i.test(name)) return `fuzz.${n}.${rng.int(1e9)}@example.com`;
    if (/password/i.test(name)) return `Fuzz-${n}-${rng.pick(WEIRD)}`.padEnd(12, "x");
    if (/url$/i.test(name)) return `https://example.invalid/${n}`;
    let v = `${rng.pick(WEIRD)} ${n}`;
    if (s.maxLength !== undefined) v = v.slice(0, s.maxLength);
    return v.length >= (s.minLength ?? 0) ? v : v.padEnd(s.minLength ?? 0, "x");
  }
  return null;
}

function sampleObject(s: Schema, rng: Rng, ids: IdSource, n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (s.required?.includes(k) || rng.next() < 0.5) out[k] = sampleValue(k, p, rng, ids, n);
  }
  return out;
}

/** `inboxId` → inboxes, `assigneeId` → agents, `messageId` → messages. */
function collectionOfField(field: string): string {
  const stem = field.replace(/Id$/, "");
  if (stem === "assignee" || stem === "agent") return "agents";
  return `${stem}${stem.endsWith("s") ? "es" : "s"}`;
}

function wrongValues(s: Schema, rng: Rng, count: number): unknown[] {
  const types = declaredTypes(s);
  const wrong = WRONG_VALUES.filter((v) => !types.includes(typeOf(v)) && !(types.includes("number") && typeof v === "number"));
  const extra: unknown[] = [];
  if (types.includes("string")) {
    if (s.maxLength !== undefined) extra.push("x".repeat(s.maxLength + 1));
    if (s.minLength) extra.push("");
    if (s.enum) extra.push(String(s.enum[0]).toUpperCase(), `${String(s.enum[0])}\u0000`);
    if (s.format === "uuid") extra.push("not-a-uuid", "00000000-0000-0000-0000-00000000000g");
  }
  if (types.includes("integer")) extra.push(s.maximum !== undefined ? s.maximum + 1 : 2 ** 63, (s.minimum ?? 0) - 1, 2 ** 53 + 1);
  if (types.includes("array")) {
    extra.push(Array.from({ length: (s.maxItems ?? 1000) + 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    if (s.items) extra.push(...wrongValues(s.items, rng, 2).map((v) => [v]));
  }
  return [...rng.sample(extra, Math.ceil(count / 2)), ...rng.sample(wrong, count)].slice(0, count);
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** Cases that concern the body: any operation with a documented JSON body. */
function bodyCases(op: Operation, rng: Rng, ids: IdSource, n: () => number): Omit<FuzzCase, "path">[] {
  const s = op.body!;
  const valid = () => sampleObject(s, rng, ids, n());
  const props = Object.entries(s.properties ?? {});
  const cases: Omit<FuzzCase, "path">[] = [
    { name: "invalid JSON", body: Buffer.from('{"a": 1,') },
    { name: "invalid JSON (bare word)", body: Buffer.from("undefined") },
    { name: "invalid UTF-8 bytes", body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]) },
    { name: "JSON with a raw NUL byte", body: Buffer.from('{"a":"\u0000"}') },
    ...(["array", "string", "number", "null", "true"] as const).map((t) => ({
      name: `top-level ${t}`,
      body: json({ array: [valid()], string: "body", number: 42, null: null, true: true }[t]),
    })),
    { name: "top-level object of the wrong content type", body: json(valid()), contentType: "text/plain" },
    { name: "empty object", body: json({}) },
    { name: "extra properties", body: json({ ...valid(), extra: rng.pick(WEIRD), isAdmin: true, role2: "administrator" }) },
    { name: "prototype pollution keys", body: Buffer.from(`{"__proto__":{"role":"administrator"},"constructor":{"prototype":{"x":1}},${JSON.stringify(valid()).slice(1)}`) },
    { name: "1 MB string in a property", body: json({ ...valid(), [props[0]?.[0] ?? "x"]: "x".repeat(MB - 200) }) },
    { name: "body above the limit (1.5 MB)", body: json({ ...valid(), pad: "y".repeat(1.5 * MB) }) },
    { name: "chunked body above the limit (2 MB)", body: json({ ...valid(), pad: "z".repeat(2 * MB) }), chunked: true },
    { name: "10,000 nested arrays", body: Buffer.from(deepArray(10_000)) },
    { name: "10,000 nested objects", body: Buffer.from(deepObject(10_000)) },
    { name: "10,000 nested arrays in a property", body: Buffer.from(`{"${props[0]?.[0] ?? "x"}":${deepArray(10_000)}}`) },
  ];
  for (const [k, p] of props) {
    for (const v of wrongValues(p, rng, 3)) cases.push({ name: `${k}: wrong ${typeOf(v)} ${JSON.stringify(v).slice(0, 30)}`, body: json({ ...valid(), [k]: v }) });
    cases.push({ name: `${k}: null`, body: json({ ...valid(), [k]: null }) });
    if (s.required?.includes(k)) {
      const { [k]: _gone, ...rest } = valid();
      cases.push({ name: `${k}: missing (required)`, body: json(rest) });
    }
    if (declaredTypes(p).includes("string")) {
      cases.push({ name: `${k}: NUL and lone surrogates`, body: json({ ...valid(), [k]: `\u0000a\ud800b\udfffc\u0000` }) });
      cases.push({ name: `${k}: lone surrogate escapes in raw JSON`, body: Buffer.from(JSON.stringify({ ...valid(), [k]: "@@" }).replace('"@@"', '"\\ud800\\u0000\\udc00"')) });
    }
    for (const [nk, np] of Object.entries(p.properties ?? {})) {
      for (const v of wrongValues(np, rng, 2)) cases.push({ name: `${k}.${nk}: wrong ${typeOf(v)}`, body: json({ ...valid(), [k]: { [nk]: v } }) });
    }
  }
  cases.push({ name: "valid-shaped", body: json(valid()), valid: true }, { name: "valid-shaped (all properties)", body: json(sampleAll(s, rng, ids, n())), valid: true });
  return cases;
}

function sampleAll(s: Schema, rng: Rng, ids: IdSource, n: number) {
  return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, sampleValue(k, p, rng, ids, n)]));
}

/** Bodies an operation without a documented one may still get. */
const strayBodyCases = (): Omit<FuzzCase, "path">[] => [
  { name: "stray invalid JSON body", body: Buffer.from("{not json") },
  { name: "stray body above the limit", body: Buffer.from(`{"pad":"${"p".repeat(1.5 * MB)}"}`) },
  { name: "stray broken multipart body", body: Buffer.from("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\u0000\r\n"), contentType: "multipart/form-data; boundary=x" },
  { name: "stray multipart without boundary", body: Buffer.from("garbage"), contentType: "multipart/form-data" },
];

/** Odd values for a path parameter, already as URL path text. */
function oddIds(rng: Rng): [string, string][] {
  const uuid = () => "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => rng.int(16).toString(16));
  return [
    ["non-uuid", "not-an-id"],
    ["encoded ../", encodeURIComponent("../../etc/passwd")],
    ["%2e%2e%2f", "%2e%2e%2f"],
    ["%00", "%00"],
    ["NUL inside", "abc%00def"],
    ["bad percent-encoding", "%ZZ%E0%A4%A"],
    ["encoded lone surrogate", "%ED%A0%80"],
    ["2,000 characters", "a".repeat(2000)],
    ["uuid of nothing", uuid()],
    ["nil uuid", "00000000-0000-0000-0000-000000000000"],
    ["huge number", "99999999999999999999"],
    ["negative number", "-1"],
    ["hash number", "%231"],
  ];
}

/** Bad values of one query parameter, by its schema. */
function badQueryValues(name: string, s: Schema, rng: Rng): string[] {
  const types = declaredTypes(s);
  const out = ["%00", "a%00b", "%ZZ", "x".repeat(5000)];
  if (types.includes("integer")) out.push("-1", "0", "99999999999999999999", "1.5", "ten", "1e3", "NaN", "");
  if (s.enum || s.const !== undefined) out.push("", "ALL", "open%00");
  if (s.format === "uuid") out.push("not-a-uuid", "00000000-0000-0000-0000-000000000000");
  if (name === "cursor") {
    const b64 = (t: string) => Buffer.from(t).toString("base64url");
    out.push("not-a-cursor", b64("garbage"), b64("-271821-04-20T00:00:00.000Z|3f2b8c1e-9a7d-4e6f-8b5a-1c2d3e4f5a6b"), b64("2024-01-01T00:00:00.000Z|not-a-uuid"), b64("\u0000|\u0000"), b64("x".repeat(150)));
  }
  return rng.sample(out, Math.min(out.length, 7));
}

export type CaseOptions = {
  rng: Rng;
  /** A real id for the collection a path parameter names. */
  ids: IdSource;
  /** Ids this caller may not see, by collection (the agent's view), if any. */
  hidden?: Partial<Record<string, string>>;
  /** A counter that makes names unique across the run (duplicates are 409, not the point). */
  n: () => number;
};

const collectionOfParam = (template: string, param: string) => {
  const segs = template.split("/");
  return segs[segs.indexOf(`{${param}}`) - 1] ?? param;
};

/** All cases of one operation for one caller, with concrete, percent-encoded paths. */
export function casesFor(op: Operation, o: CaseOptions): FuzzCase[] {
  const fill = (override: Record<string, string> = {}) =>
    op.base + op.path.replace(/\{(\w+)\}/g, (_, p: string) => override[p] ?? encodeURIComponent(o.ids(collectionOfParam(op.path, p))));
  const validBody = op.body ? () => json(sampleObject(op.body!, o.rng, o.ids, o.n())) : undefined;
  const cases: FuzzCase[] = [];

  const bodies = op.body ? bodyCases(op, o.rng, o.ids, o.n) : op.method === "GET" ? [] : strayBodyCases();
  cases.push(...bodies.map((c) => ({ ...c, path: fill() })));
  if (!op.body) cases.push({ name: "plain", path: fill(), valid: true });

  for (const p of op.pathParams) {
    const collection = collectionOfParam(op.path, p);
    for (const [name, raw] of oddIds(o.rng)) cases.push({ name: `${p}: ${name}`, path: fill({ [p]: raw }), body: validBody?.() });
    const hidden = o.hidden?.[collection];
    if (hidden) cases.push({ name: `${p}: an object the agent may not see`, path: fill({ [p]: hidden }), body: validBody?.(), hidden: true });
  }

  const query = Object.entries(op.query);
  for (const [name, s] of query) {
    for (const v of badQueryValues(name, s, o.rng)) cases.push({ name: `query ${name}=${v.slice(0, 30)}`, path: `${fill()}?${name}=${v}`, body: validBody?.() });
  }
  if (query.length) {
    cases.push({ name: "query parameters repeated", path: `${fill()}?${query.map(([k]) => `${k}=1&${k}=2`).join("&")}`, body: validBody?.() });
    const legal = query.map(([k, s]) => `${k}=${encodeURIComponent(String(s.enum ? o.rng.pick(s.enum) : s.const ?? (s.format === "uuid" ? o.ids(collectionOfField(k)) : s.type === "integer" ? 1 : o.rng.pick(WEIRD))))}`);
    cases.push({ name: "valid-shaped query", path: `${fill()}?${legal.join("&")}`, body: validBody?.(), valid: true });
  } else if (op.method === "GET") {
    cases.push({ name: "undocumented bad query", path: `${fill()}?limit=-1&cursor=%00&q=${"q".repeat(3000)}&id=%ZZ` });
  }
  return cases;
}
