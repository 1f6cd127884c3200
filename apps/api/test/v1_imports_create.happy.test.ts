import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallCallLog } from "./harness";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer({ files: [] });
});
afterAll(() => s.close());

describe("POST /api/v1/imports", () => {
  it("answers 202 with a queued job, then imports the file as the CLI does", async () => {
    const res = await s.upload({ path: smallCallLog });
    expect(res.status).toBe(202);
    const { import: job } = (await res.json()) as { import: { id: string; status: string; file: string } };
    expect(res.headers.get("location")).toBe(`/api/v1/imports/${job.id}`);
    expect(["queued", "running"]).toContain(job.status);
    expect(job.file).toBe("calls-small.tsv");
    const { import: done } = await s.waitDone(job.id);
    // calls-small.tsv: 13 records under its header, hand-counted (14 lines).
    expect(done).toMatchObject({ status: "imported", source: "anonbank", rows: expect.any(Number), importId: job.id });
    expect(done.rowsByTable.calls).toBe(13);
    // Its date column runs from 990128 to 990204 (read off the file).
    expect(done.span).toEqual({ firstDay: "1999-01-28", lastDay: "1999-02-04", timezone: "UTC" });
    expect(await s.warehouse.query("SELECT count(*)::INTEGER AS n FROM calls")).toEqual([{ n: 13 }]);
    expect(await s.warehouse.query("SELECT import_id, file_name FROM imports")).toEqual([
      { import_id: job.id, file_name: "calls-small.tsv" },
    ]);
    expect(s.leftovers()).toEqual([]);
  });

  it("the same file again is 'unchanged' and names the import that holds its rows", async () => {
    const first = (await (await s.get("/api/v1/imports")).json()) as { items: { id: string }[] };
    const res = await s.upload({ path: smallCallLog, name: "renamed.tsv" });
    expect(res.status).toBe(202);
    const { import: job } = (await res.json()) as { import: { id: string } };
    const { import: done } = await s.waitDone(job.id);
    expect(done).toMatchObject({ status: "unchanged", importId: first.items[0]?.id, rows: 0 });
    expect(await s.warehouse.query("SELECT count(*)::INTEGER AS n FROM imports")).toEqual([{ n: 1 }]);
  });

  it("takes the source and timezone as form fields", async () => {
    const [header, first] = readFileSync(smallCallLog, "utf8").split("\n");
    const res = await s.upload({
      text: `${header}\n${first}\n`,
      name: "one-call.tsv",
      fields: { source: "anonbank", timezone: "Europe/Amsterdam" },
    });
    expect(res.status).toBe(202);
    const { import: job } = (await res.json()) as { import: { id: string; source: string } };
    expect(job.source).toBe("anonbank");
    const { import: done } = await s.waitDone(job.id);
    expect(done.errors).toBe(null);
    expect(done.status).toBe("imported");
    // The first record entered the VRU at 8:00:00 on 990201; in Amsterdam (CET, +01:00) that is 07:00 UTC.
    expect(
      await s.warehouse.query("SELECT strftime(started_at, '%Y-%m-%d %H:%M:%S') AS t FROM calls WHERE import_id = $1", [
        job.id,
      ]),
    ).toEqual([{ t: "1999-02-01 07:00:00" }]);
  });

  it("imports run one at a time, in the order received", async () => {
    const texts = [0, 1, 2].map(
      (i) => `campaign_id,name,channel\nparallel-${i}-a,Campaign ${i} A,call\nparallel-${i}-b,Campaign ${i} B,chat\n`,
    );
    const ids: string[] = [];
    for (const [i, text] of texts.entries()) {
      const res = await s.upload({ text, name: `campaigns-${i}.csv`, fields: { source: "canonical" } });
      ids.push(((await res.json()) as { import: { id: string } }).import.id);
    }
    const done = [];
    for (const id of ids) done.push((await s.waitDone(id)).import);
    expect(done.map((d) => d.status)).toEqual(["imported", "imported", "imported"]);
    const finished = done.map((d) => d.finishedAt ?? "");
    expect(finished).toEqual([...finished].sort());
    expect(
      await s.warehouse.query("SELECT count(*)::INTEGER AS n FROM campaigns WHERE campaign_id LIKE 'parallel-%'"),
    ).toEqual([{ n: 6 }]);
  });
});
