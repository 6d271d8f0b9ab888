import type { Answer } from "./http";
import { ERROR_CODES_BY_STATUS } from "../api-client";

/*
 * What every fuzzed answer must be (docs/api.md "Errors"): never a 5xx; a 4xx is JSON
 * `{error:{code,message}}` with the code its status stands for; and no answer — body or header —
 * carries a password hash, a server secret, a token, the database URL or a stack trace.
 */

const HASHES = /\$argon2(id|i|d)?\$|\$2[aby]\$\d\d\$|scrypt\$\d+\$/;
// A V8 stack frame (also inside a JSON string, where its newline is `\n`), a dependency path, a
// build path, an error's own name, or an absolute path to a source file.
const TRACE =
  /(?:^|\\n|\n)\s*at [^\n"]*?(?::\d+:\d+\)?|\(native\))|\/node_modules\/|webpack-internal:|\/\.next\/server\/|\b(?:Type|Reference|Syntax|Range)Error: |(?:^|["\s(])\/[\w.-]+\/[\w./-]+\.(?:[cm]?js|tsx?)\b/m;

export type Secret = { name: string; value: string; /** Where the contract returns it (e.g. to its creator); elsewhere it is a leak. */ allowed?: (where: Where) => boolean };
export type Where = { method: string; path: string; caller: string };

/** The reasons an answer breaks the contract; empty when it is fine. */
export function problems(a: Answer, where: Where, secrets: Secret[]): string[] {
  const out: string[] = [];
  if (a.error && !a.status) return [`no answer: ${a.error}`];
  if (a.error) out.push(a.error);
  if (a.status >= 500) out.push(`status ${a.status}`);
  if (a.status >= 400 && a.status < 500) {
    const type = String(a.headers["content-type"] ?? "");
    if (!/^application\/json\b/.test(type)) out.push(`4xx with content-type ${JSON.stringify(type)}`);
    let body: unknown;
    try {
      body = JSON.parse(a.body);
    } catch {
      out.push("4xx body is not JSON");
    }
    if (body !== undefined) {
      const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      if (!body || typeof body !== "object" || Array.isArray(body) || Object.keys(body).join() !== "error") out.push("4xx body is not {error}");
      else if (typeof e?.code !== "string" || typeof e.message !== "string" || !e.message) out.push("error lacks code or message");
      else if (ERROR_CODES_BY_STATUS[a.status] && !ERROR_CODES_BY_STATUS[a.status]!.includes(e.code)) out.push(`code ${e.code} for status ${a.status}`);
    }
  }
  const text = `${JSON.stringify(a.headers)}\n${a.body}`;
  if (HASHES.test(text)) out.push("a password hash in the answer");
  if (TRACE.test(text)) out.push(`a stack trace or file path in the answer (${TRACE.exec(text)![0].trim().slice(0, 60)})`);
  for (const s of secrets) if (s.value && text.includes(s.value) && !s.allowed?.(where)) out.push(`${s.name} in the answer`);
  return out;
}

/** The secrets found in a log, by name. */
export function secretsIn(log: string, secrets: Secret[]): string[] {
  const found = secrets.filter((s) => s.value && log.includes(s.value)).map((s) => s.name);
  if (HASHES.test(log)) found.push(`a password hash (${HASHES.exec(log)![0]})`);
  return found;
}

export type Failure = Where & { op: string; case: string; status: number; problems: string[]; excerpt: string };

/** One message for all failures, grouped by operation (method and documented path). */
export function report(failures: Failure[]): string {
  const byOp = new Map<string, Failure[]>();
  for (const f of failures) byOp.set(f.op, [...(byOp.get(f.op) ?? []), f]);
  const lines = [`${failures.length} bad answers in ${byOp.size} operations:`];
  for (const [op, fs] of byOp) {
    lines.push(`\n${op}`);
    for (const f of fs) lines.push(`  [${f.caller}] ${f.case} → ${f.status}: ${f.problems.join("; ")}\n      ${f.path.slice(0, 160)}\n      ${f.excerpt}`);
  }
  return lines.join("\n");
}
