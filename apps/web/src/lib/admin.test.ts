import { describe, expect, it } from "vitest";
import { keyState, parseExpiryDays, whenText } from "./admin";

describe("whenText", () => {
  it("shows an instant to the minute in the zone, or Never", () => {
    expect(whenText("2026-12-07T15:04:59Z", "UTC")).toBe("2026-12-07 15:04");
    expect(whenText("2026-12-07T23:30:00Z", "Europe/Amsterdam")).toBe("2026-12-08 00:30");
    expect(whenText(null, "UTC")).toBe("Never");
    expect(whenText(null, "UTC", "No expiry")).toBe("No expiry");
  });
});

describe("keyState", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  it("revoked wins, then expiry, else active", () => {
    expect(keyState({ revokedAt: "2026-12-01T00:00:00Z", expiresAt: null }, now)).toBe("revoked");
    expect(keyState({ revokedAt: null, expiresAt: "2026-12-07T12:00:00Z" }, now)).toBe("expired");
    expect(keyState({ revokedAt: null, expiresAt: "2026-12-07T12:00:01Z" }, now)).toBe("active");
    expect(keyState({ revokedAt: null, expiresAt: null }, now)).toBe("active");
  });
});

describe("parseExpiryDays", () => {
  it("blank is never, whole days 1-3650 pass, the rest is refused", () => {
    expect(parseExpiryDays("  ")).toBeUndefined();
    expect(parseExpiryDays("1")).toBe(1);
    expect(parseExpiryDays("3650")).toBe(3650);
    for (const bad of ["0", "3651", "1.5", "-3", "ten"]) expect(() => parseExpiryDays(bad)).toThrow(/Expires in/);
  });
});
