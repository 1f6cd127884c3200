import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportView } from "../src/imports/history";
import { smallCallLog } from "./harness";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer({ files: [] });
});
afterAll(() => s.close());

/** The `progress` events of an SSE response, read to its end. */
async function events(res: Response): Promise<ImportView[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.includes("event: progress"))
    .map(
      (block) =>
        JSON.parse(
          block
            .split("\n")
            .find((l) => l.startsWith("data: "))
            ?.slice(6) ?? "null",
        ) as ImportView,
    );
}

describe("GET /api/v1/imports/{importId}/events", () => {
  it("streams the progress of a running import until it ends", async () => {
    let release: () => void = () => undefined;
    s.jobs.hold(
      new Promise<void>((ok) => {
        release = ok;
      }),
    );
    const res = await s.upload({ path: smallCallLog });
    const { import: job } = (await res.json()) as { import: ImportView };
    const stream = await s.get(`/api/v1/imports/${job.id}/events`, s.member);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    release();
    const seen = await events(stream);
    expect(seen[0]?.status).toBe("queued");
    expect(seen.at(-1)).toMatchObject({ status: "imported", phase: "done", fraction: 1 });
    expect(seen.at(-1)?.rowsByTable.calls).toBe(13);
    expect(seen.map((e) => e.phase)).toContain("writing");
  });

  it("of a finished import: one event, then the end", async () => {
    const [row] = await s.warehouse.query<{ import_id: string }>("SELECT import_id FROM imports");
    const seen = await events(await s.get(`/api/v1/imports/${row?.import_id}/events`));
    expect(seen.map((e) => e.status)).toEqual(["imported"]);
  });

  it("of an unknown import: 404; without credentials: 401", async () => {
    expect((await s.get("/api/v1/imports/0b7c0c8e-0000-4000-8000-000000000000/events")).status).toBe(404);
    expect((await s.get("/api/v1/imports/0b7c0c8e-0000-4000-8000-000000000000/events", "")).status).toBe(401);
  });
});
