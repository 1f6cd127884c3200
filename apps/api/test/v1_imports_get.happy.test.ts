import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportView } from "../src/imports/history";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer();
});
afterAll(() => s.close());

describe("GET /api/v1/imports/{importId}", () => {
  it("shows an import of the CLI (from the imports table) with its warnings", async () => {
    const [row] = await s.warehouse.query<{ import_id: string }>("SELECT import_id FROM imports");
    const res = await s.get(`/api/v1/imports/${row?.import_id}`, s.member);
    expect(res.status).toBe(200);
    const { import: imp } = (await res.json()) as { import: ImportView };
    expect(imp).toMatchObject({
      id: row?.import_id,
      file: "calls-small.tsv",
      status: "imported",
      importId: row?.import_id,
    });
    expect(imp.warnings.total).toBe(imp.warnings.first.length);
  });

  it("shows a queued upload's phase while it waits for the writer", async () => {
    let release: () => void = () => undefined;
    s.jobs.hold(
      new Promise<void>((ok) => {
        release = ok;
      }),
    );
    const res = await s.upload({ text: "later\n", name: "later.csv" });
    const { import: job } = (await res.json()) as { import: ImportView };
    const got = (await (await s.get(`/api/v1/imports/${job.id}`)).json()) as { import: ImportView };
    expect(got.import).toMatchObject({ status: "queued", phase: "queued", fraction: null, finishedAt: null });
    release();
    expect((await s.waitDone(job.id)).import).toMatchObject({ phase: "done", fraction: 1 });
  });
});
