import { describe, expect, it } from "vitest";
import {
  apiKeyId,
  newApiKey,
  newSessionToken,
  parseApiKey,
  parseSessionToken,
  sameHash,
  sha256,
} from "../src/auth/tokens";

describe("tokens", () => {
  it("API keys are tl_<12 hex>_<256-bit base64url secret>, parsed back, never twice the same", () => {
    const a = newApiKey();
    expect(a.key).toMatch(/^tl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.secret, "base64url").length).toBe(32);
    expect(parseApiKey(a.key)).toEqual({ id: a.id, secret: a.secret });
    expect(newApiKey().key).not.toBe(a.key);
    for (const bad of [
      "",
      "tl_",
      `${a.key}x`,
      a.key.replace("tl_", "TL_"),
      ` ${a.key}`,
      `tl_${a.id}_${"A".repeat(42)}`,
    ]) {
      expect(parseApiKey(bad)).toBeUndefined();
    }
    expect(apiKeyId(a.key)).toBe(a.id);
    expect(apiKeyId(a.id)).toBe(a.id);
    expect(apiKeyId(`tl_${a.id}_`)).toBe(a.id);
    expect(apiKeyId("nope")).toBeUndefined();
  });

  it("session tokens are <32 hex>.<secret>", () => {
    const s = newSessionToken();
    expect(s.token).toMatch(/^[0-9a-f]{32}\.[A-Za-z0-9_-]{43}$/);
    expect(parseSessionToken(s.token)).toEqual({ id: s.id, secret: s.secret });
    expect(parseSessionToken(`${s.token}.x`)).toBeUndefined();
  });

  it("SHA-256 in hex (the FIPS 180-2 'abc' vector), compared in constant time", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sameHash(sha256("a"), sha256("a"))).toBe(true);
    expect(sameHash(sha256("a"), sha256("b"))).toBe(false);
    expect(sameHash(sha256("a"), "short")).toBe(false);
  });
});
