import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer();
});
afterAll(() => s.close());

describe("GET /api/v1/imports/{importId} security", () => {
  it("needs a session or a key; hostile ids are refused before any SQL", async () => {
    const [row] = await s.warehouse.query<{ import_id: string }>("SELECT import_id FROM imports");
    expect((await s.get(`/api/v1/imports/${row?.import_id}`, "")).status).toBe(401);
    for (const id of ["' OR 1=1 --", "..%2F..%2Fetc%2Fpasswd", "%00", "a".repeat(65)]) {
      expect({ id, status: (await s.get(`/api/v1/imports/${id}`)).status }).toEqual({ id, status: 400 });
    }
  });
});
