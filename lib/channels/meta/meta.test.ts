import { describe, expect, it } from "vitest";
import { isCredentialProblem, parseGraphError } from "./errors";
import { metaHandshake } from "./handshake";
import { verifyMetaSignature } from "./signature";
import { metaRequest, signMeta } from "@/e2e/support/channels/meta";
import { locationText, osmLink, splitText, splitUtf8 } from "./text";
import { GRAPH_VERSION } from "./version";

describe("Meta shared helpers", () => {
  it("pins a Graph API version Meta serves beyond v21.0's end (2027-01-21): v23.0 or newer", () => {
    const [, major] = /^v(\d+)\.0$/.exec(GRAPH_VERSION) ?? [];
    expect(Number(major)).toBeGreaterThanOrEqual(23);
  });

  it("verifies X-Hub-Signature-256 over the exact raw bytes", () => {
    const raw = Buffer.from('{"object":"page","entry":[]}');
    const req = { ...metaRequest(raw, "s3cret"), url: "" };
    expect(verifyMetaSignature(req, "s3cret")).toEqual({ ok: true });
    // Uppercase hex from a proxy is still the same signature.
    req.headers.set("x-hub-signature-256", signMeta("s3cret", raw).toUpperCase().replace("SHA256=", "sha256="));
    expect(verifyMetaSignature(req, "s3cret").ok).toBe(true);
    expect(verifyMetaSignature({ ...metaRequest(Buffer.from('{"object":"page","entry":[] }'), null, { signature: signMeta("s3cret", raw) }), url: "" }, "s3cret").ok).toBe(false);
    expect(verifyMetaSignature(req, undefined).ok).toBe(false);
    expect(verifyMetaSignature({ ...metaRequest(raw, null), url: "" }, "s3cret").ok).toBe(false);
  });

  it("answers the handshake only with the right token and a sane challenge", () => {
    const q = (o: Record<string, string>) => new URLSearchParams(o);
    expect(metaHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "99" }), "tok")).toEqual({ status: 200, body: "99" });
    expect(metaHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "x".repeat(300) }), "tok").status).toBe(403);
    expect(metaHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1" }), undefined).status).toBe(403);
    expect(metaHandshake(q({ "hub.mode": "subscribe", "hub.verify_token": "to", "hub.challenge": "1" }), "tok").status).toBe(403);
  });

  it("reads Graph's error body, and falls back to the status for anything else", () => {
    const e = parseGraphError(400, { error: { message: "(#10) outside window", type: "OAuthException", code: 10, error_subcode: 2018278, fbtrace_id: "A1" } }, "", "30");
    expect(e).toMatchObject({ message: "(#10) outside window", code: 10, subcode: 2018278, fbtraceId: "A1", retryAfterSeconds: 30, status: 400 });
    expect(parseGraphError(502, undefined, "<html>Bad gateway</html>", null).message).toBe("Meta answered HTTP 502: <html>Bad gateway</html>");
    expect(isCredentialProblem(parseGraphError(401, { error: { message: "expired", code: 190 } }, "", null))).toBe(true);
    expect(isCredentialProblem(parseGraphError(400, { error: { message: "Invalid appsecret_proof provided in the API argument", code: 100 } }, "", null))).toBe(true);
    expect(isCredentialProblem(parseGraphError(400, { error: { message: "Invalid parameter", code: 100 } }, "", null))).toBe(false);
  });

  it("splits long replies on word boundaries without breaking emoji", () => {
    expect(splitText("", 10)).toEqual([]);
    expect(splitText("short", 10)).toEqual(["short"]);
    expect(splitText("aaaa bbbb cccc", 10)).toEqual(["aaaa bbbb", "cccc"]);
    const emoji = "😀".repeat(15);
    const parts = splitText(emoji, 10);
    expect(parts.map((p) => Array.from(p).length)).toEqual([10, 5]);
    expect(parts.join("")).toBe(emoji);
  });

  it("splits by UTF-8 bytes for Instagram: Japanese, emoji and combining marks stay whole, spaces and full stops preferred", () => {
    const bytes = (p: string) => Buffer.byteLength(p, "utf8");
    expect(splitUtf8("", 10)).toEqual([]);
    expect(splitUtf8("こんにちは", 15)).toEqual(["こんにちは"]); // exactly 15 bytes
    // 400 Japanese characters are 1200 bytes: a character count would send them in one message.
    const ja = "あ".repeat(400);
    const jaParts = splitUtf8(ja, 1000);
    expect(jaParts.map(bytes)).toEqual([999, 201]);
    expect(jaParts.join("")).toBe(ja);
    // Without spaces, a full stop in the second half of the window is the break.
    expect(splitUtf8("今日は晴れ。明日は雨です", 24)).toEqual(["今日は晴れ。", "明日は雨です"]);
    // A space near the cut wins over a hard cut, and is not sent.
    expect(splitUtf8("héllo wörld again", 14)).toEqual(["héllo wörld", "again"]);
    // Emoji (4 bytes, surrogate pairs in JS) and ZWJ sequences are never torn.
    const family = "👨‍👩‍👧"; // 18 bytes, one grapheme
    const emoji = ("😀".repeat(3) + family).repeat(3);
    const emojiParts = splitUtf8(emoji, 20);
    expect(emojiParts.join("")).toBe(emoji);
    expect(emojiParts.every((p) => bytes(p) <= 20 && !/[\uD800-\uDBFF]$/.test(p) && !p.startsWith("\u200D"))).toBe(true);
    expect(emojiParts).toContain(family);
    // A letter and its combining marks (e + U+0301 + U+0323, 5 bytes) go together.
    const accented = "e\u0301\u0323".repeat(10);
    const accentedParts = splitUtf8(accented, 12);
    expect(accentedParts.map(bytes)).toEqual([10, 10, 10, 10, 10]);
    expect(accentedParts.every((p) => p.startsWith("e"))).toBe(true);
    expect(accentedParts.join("")).toBe(accented);
    // Only a single grapheme longer than the whole limit is cut inside, between code points.
    const runaway = "a" + "\u0301".repeat(10); // 21 bytes
    expect(splitUtf8(runaway, 8).join("")).toBe(runaway);
    expect(splitUtf8(runaway, 8).every((p) => bytes(p) <= 8)).toBe(true);
  });

  it("writes locations as text with an OpenStreetMap link", () => {
    expect(osmLink(-33.8567844, 151.213108)).toBe("https://www.openstreetmap.org/?mlat=-33.856784&mlon=151.213108#map=16/-33.856784/151.213108");
    expect(locationText({ latitude: 1, longitude: 2 })).toBe("📍 Shared a location\nhttps://www.openstreetmap.org/?mlat=1&mlon=2#map=16/1/2");
  });
});
