/**
 * The served-app helper of the HTTP test servers (testutil/served.ts), over the real network: its
 * key is a member's, anonymous and admin-only requests are refused, and `close()` stops the server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedApp, serveApp } from "./testutil/served";

let dir: string;
let warehouse: Warehouse;
let served: ServedApp;
const errors: unknown[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-served-"));
  warehouse = await Warehouse.open(join(dir, "t.duckdb"));
  served = await serveApp({ warehouse, log: (_m, e) => errors.push(e), keyName: "served test" });
});
afterAll(async () => {
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serveApp", () => {
  it("serves on 127.0.0.1 and authenticates its key as a member, not an admin", async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { authorization: served.authorization };
    const me = await fetch(`${served.url}/api/v1/auth/me`, { headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe("member");
    expect((await fetch(`${served.url}/api/v1/auth/me`)).status).toBe(401);
    expect((await fetch(`${served.url}/api/v1/users`, { headers })).status).toBe(403);
    expect(errors).toEqual([]);
  });

  it("stops listening on close", async () => {
    await served.close();
    await expect(fetch(`${served.url}/api/v1/health`)).rejects.toThrow();
  });
});
