import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer();
});
afterAll(() => s.close());

describe("GET /api/v1/imports security", () => {
  it("needs a session or a key", async () => {
    expect((await s.get("/api/v1/imports", "")).status).toBe(401);
    expect((await s.get("/api/v1/imports", "Bearer tl_nope_nope")).status).toBe(401);
  });
  it("file names are data: returned as JSON strings, never markup", async () => {
    const res = await s.upload({ text: "<script>alert(1)</script>\n", name: "<img src=x onerror=alert(1)>.csv" });
    const { import: job } = (await res.json()) as { import: { id: string; file: string } };
    await s.waitDone(job.id);
    const list = await s.get("/api/v1/imports");
    expect(list.headers.get("content-type")).toMatch(/^application\/json/);
    const { items } = (await list.json()) as { items: { file: string }[] };
    expect(items[0]?.file).toBe("_img src_x onerror_alert_1__.csv");
  });
});
