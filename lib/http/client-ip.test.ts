import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const h = (xff?: string) => new Headers(xff ? { "x-forwarded-for": xff } : {});

describe("clientIp", () => {
  afterEach(() => {
    delete process.env.KONVERSIO_TRUSTED_PROXIES;
  });

  it("ignores X-Forwarded-For unless proxies are declared, so a client cannot pick its own bucket", () => {
    expect(clientIp(h("203.0.113.9"))).toBe("any");
    expect(clientIp(h("198.51.100.1"))).toBe("any");
    expect(clientIp(h())).toBe("any");
  });

  it("takes the address the nearest trusted proxy saw, not what the client claimed", () => {
    process.env.KONVERSIO_TRUSTED_PROXIES = "1";
    expect(clientIp(h("6.6.6.6, 203.0.113.9"))).toBe("203.0.113.9");
    process.env.KONVERSIO_TRUSTED_PROXIES = "2";
    expect(clientIp(h("6.6.6.6, 203.0.113.9, 10.0.0.2"))).toBe("203.0.113.9");
    expect(clientIp(h())).toBe("unknown");
  });
});
