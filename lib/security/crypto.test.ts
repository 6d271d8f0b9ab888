import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Pure unit tests: no database, but env() insists on these two.
process.env.DATABASE_URL ||= "postgresql://unused.invalid/none";
process.env.AUTH_SECRET = "crypto-test-secret-0123456789abcdef";
delete process.env.KONVERSIO_SECRET_KEY;

async function load() {
  return import("./crypto");
}

describe("encryptJson / decryptJson", () => {
  beforeEach(() => {
    vi.resetModules();
    process.env.AUTH_SECRET = "crypto-test-secret-0123456789abcdef";
    delete process.env.KONVERSIO_SECRET_KEY;
  });

  it("round-trips nested values, including non-ASCII text", async () => {
    const { encryptJson, decryptJson } = await load();
    const value = { botToken: "123:ABC-déf", nested: { list: [1, "two", null], ok: true }, emoji: "🔐" };
    const sealed = encryptJson(value);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("123:ABC");
    expect(decryptJson(sealed)).toEqual(value);
  });

  it("uses a fresh IV: the same value never encrypts to the same text", async () => {
    const { encryptJson } = await load();
    expect(encryptJson({ a: 1 })).not.toBe(encryptJson({ a: 1 }));
  });

  it("detects tampering with the ciphertext, the tag or the IV", async () => {
    const { encryptJson, decryptJson } = await load();
    const [v, iv, tag, data] = encryptJson({ secret: "value-to-protect" }).split(".") as [string, string, string, string];
    const flip = (s: string) => {
      const b = Buffer.from(s, "base64url");
      b[0] = b[0]! ^ 0x01;
      return b.toString("base64url");
    };
    expect(() => decryptJson([v, iv, tag, flip(data)].join("."))).toThrow();
    expect(() => decryptJson([v, iv, flip(tag), data].join("."))).toThrow();
    expect(() => decryptJson([v, flip(iv), tag, data].join("."))).toThrow();
    expect(() => decryptJson(["v2", iv, tag, data].join("."))).toThrow(/Unrecognised/);
    expect(() => decryptJson("garbage")).toThrow();
  });

  it("cannot be decrypted under another key", async () => {
    const first = await load();
    const sealed = first.encryptJson({ s: 1 });
    vi.resetModules();
    process.env.AUTH_SECRET = "a-different-secret-0123456789abcdef";
    const second = await load();
    expect(() => second.decryptJson(sealed)).toThrow();
  });

  it("prefers KONVERSIO_SECRET_KEY over AUTH_SECRET when set", async () => {
    process.env.KONVERSIO_SECRET_KEY = "dedicated-key-0123456789abcdef";
    const first = await load();
    const sealed = first.encryptJson({ s: 2 });
    vi.resetModules();
    process.env.AUTH_SECRET = "changed-auth-secret-0123456789abcdef";
    const second = await load();
    // Rotating AUTH_SECRET must not lose credentials encrypted with the dedicated key.
    expect(second.decryptJson(sealed)).toEqual({ s: 2 });
    delete process.env.KONVERSIO_SECRET_KEY;
  });
});

describe("safeEqual", () => {
  it("compares by value and length", async () => {
    const { safeEqual } = await load();
    expect(safeEqual("sha256=abc", "sha256=abc")).toBe(true);
    expect(safeEqual("sha256=abc", "sha256=abd")).toBe(false);
    expect(safeEqual("sha256=abc", "sha256=ab")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("", "x")).toBe(false);
  });
});

describe("helpers", () => {
  it("masks secrets to their last four characters", async () => {
    const { maskSecret } = await load();
    expect(maskSecret("supersecrettoken1234")).toBe("••••1234");
    // Short secrets and passwords give nothing away.
    expect(maskSecret("hunter2-pass")).toBe("••••••••");
    expect(maskSecret("a-very-long-mailbox-password", { revealEnd: false })).toBe("••••••••");
    expect(maskSecret("")).toBeNull();
    expect(maskSecret(undefined)).toBeNull();
  });

  it("makes distinct url-safe random tokens", async () => {
    const { randomToken } = await load();
    const a = randomToken(24);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomToken(24)).not.toBe(a);
  });

  it("signs api webhooks as sha256=HMAC(secret, timestamp + '.' + body)", async () => {
    const { signBody } = await import("@/lib/channels/api/signature");
    const expected = createHmac("sha256", "s3cret").update('1700000000.{"a":1}').digest("hex");
    expect(signBody("s3cret", "1700000000", '{"a":1}')).toBe(`sha256=${expected}`);
    expect(signBody("s3cret", "1700000000", Buffer.from('{"a":1}'))).toBe(`sha256=${expected}`);
  });
});
