import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { isLoopback, Site } from "../src/auth/site";

describe("Site: the hosts and origins a server answers to", () => {
  it("on loopback: the loopback names with the port (and without it on port 80)", () => {
    const s = new Site();
    s.listening("127.0.0.1", 8787);
    for (const h of ["127.0.0.1:8787", "localhost:8787", "[::1]:8787", "LOCALHOST:8787"])
      expect(s.allowsHost(h)).toBe(true);
    for (const h of ["127.0.0.1", "localhost:8788", "evil.example:8787", "127.0.0.1:8787.evil.example"]) {
      expect(s.allowsHost(h)).toBe(false);
    }
    expect(s.allowsOrigin("http://localhost:8787")).toBe(true);
    expect(s.allowsOrigin("https://localhost:8787")).toBe(false);
    expect(s.allowsOrigin("null")).toBe(false);
    expect(s.baseUrl).toBe("http://127.0.0.1:8787");
    const web = new Site();
    web.listening("::1", 80);
    expect(["[::1]", "localhost", "127.0.0.1:80"].map((h) => web.allowsHost(h))).toEqual([true, true, true]);
  });

  it("on every interface: each interface's address and the loopback names; never a name it was not given", () => {
    const s = new Site();
    s.listening("0.0.0.0", 8787);
    const v4 = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === "IPv4");
    if (v4) expect(s.allowsHost(`${v4.address}:8787`)).toBe(true);
    expect(s.allowsHost("localhost:8787")).toBe(true);
    expect(s.allowsHost("reports.example.com:8787")).toBe(false);
  });

  it("the public URL's host and origin; https makes it secure and the base of printed links", () => {
    const s = new Site({ publicUrl: "https://Reports.Example.com", allowedHosts: ["tally.lan:8080"] });
    s.listening("127.0.0.1", 8787);
    expect(s.allowsHost("reports.example.com")).toBe(true);
    expect(s.allowsOrigin("https://reports.example.com")).toBe(true);
    expect(s.allowsOrigin("http://reports.example.com")).toBe(false);
    expect(s.allowsHost("tally.lan:8080")).toBe(true);
    expect(s.allowsOrigin("http://tally.lan:8080")).toBe(true);
    expect(s.secure).toBe(true);
    expect(s.baseUrl).toBe("https://reports.example.com");
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.5", "localhost.evil.example"].some(isLoopback)).toBe(false);
  });
});
