import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer();
});
afterAll(() => s.close());

describe("DELETE /api/v1/imports/{importId} security", () => {
  it("members and anonymous callers cannot delete; an admin can", async () => {
    const [row] = await s.warehouse.query<{ import_id: string }>("SELECT import_id FROM imports");
    const id = row?.import_id ?? "";
    expect((await s.del(`/api/v1/imports/${id}`, s.member)).status).toBe(403);
    expect((await s.del(`/api/v1/imports/${id}`, "")).status).toBe(401);
    expect(await s.warehouse.query("SELECT count(*)::INTEGER AS n FROM calls")).toEqual([{ n: 13 }]);
    expect((await s.del(`/api/v1/imports/${id}`)).status).toBe(204);
    expect(await s.warehouse.query("SELECT count(*)::INTEGER AS n FROM calls")).toEqual([{ n: 0 }]);
  });
});
