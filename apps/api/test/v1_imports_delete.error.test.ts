import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer();
});
afterAll(() => s.close());

describe("DELETE /api/v1/imports/{importId} errors", () => {
  it("an unknown import is 404 and changes nothing; a malformed id is 400", async () => {
    const before = await s.warehouse.query("SELECT import_id FROM imports");
    const res = await s.del("/api/v1/imports/0b7c0c8e-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await s.del("/api/v1/imports/x';DROP TABLE calls;--")).status).toBe(400);
    expect(await s.warehouse.query("SELECT import_id FROM imports")).toEqual(before);
  });

  it("an import that has not finished cannot be deleted (409)", async () => {
    // Hold the writer queue: the upload stays queued until released.
    let release: () => void = () => undefined;
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    s.jobs.hold(held);
    const res = await s.upload({ text: "queued\n", name: "q.csv" });
    const { import: job } = (await res.json()) as { import: { id: string; status: string } };
    expect(job.status).toBe("queued");
    const del = await s.del(`/api/v1/imports/${job.id}`);
    expect(del.status).toBe(409);
    release();
    await s.waitDone(job.id);
  });
});
