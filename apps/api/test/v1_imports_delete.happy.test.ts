import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableChecksums } from "../../../packages/ingest/test/checksum";
import { smallCallLog } from "./harness";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-imports-del-"));
  s = await importServer({ files: [] });
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Checksums of every table (temporary ones too, named without their database) but `imports` (its
 * times differ), `schema_migrations` (times) and the app_ tables (accounts, not data).
 */
const dataChecksums = async (wh: Warehouse) =>
  Object.fromEntries(
    Object.entries(await tableChecksums(wh))
      .map(([t, sum]) => [t.replace(/^"[^"]+"\./, ""), sum] as const)
      .filter(([t]) => t !== "imports" && !t.includes('"app_') && !t.includes('"schema_migrations"')),
  );

describe("DELETE /api/v1/imports/{importId}", () => {
  it("removes exactly the rows of that import: the database equals a fresh one without it", async () => {
    // Kept: the anonbank log. Deleted: a generated week (calls, checks, chats: keys of their own).
    const out = join(dir, "generated");
    await writeGenerated(out, generate({ seed: 5, days: 4, end: "1999-02-03", timezone: "UTC", scale: 6 }));
    const kept = await s.upload({ path: smallCallLog });
    const keptId = ((await kept.json()) as { import: { id: string } }).import.id;
    const removed: string[] = [];
    for (const t of GENERATED_TABLES) {
      const file = join(out, `${t}.csv`);
      if (!existsSync(file)) continue;
      const res = await s.upload({ path: file, fields: { source: "canonical" } });
      removed.push(((await res.json()) as { import: { id: string } }).import.id);
    }
    for (const id of [keptId, ...removed]) expect((await s.waitDone(id)).import.status).toBe("imported");
    expect(removed.length).toBeGreaterThan(3);
    const [calls] = await s.warehouse.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM calls");
    expect(calls?.n).toBeGreaterThan(13);

    for (const id of removed) expect((await s.del(`/api/v1/imports/${id}`)).status).toBe(204);

    const fresh = await Warehouse.open(join(dir, "fresh.duckdb"));
    await importFile(fresh, smallCallLog, { timezone: "UTC", importId: keptId, reportTimezone: "UTC" });
    expect(await dataChecksums(s.warehouse)).toEqual(await dataChecksums(fresh));
    await fresh.close();
    expect(await s.warehouse.query("SELECT import_id FROM imports")).toEqual([{ import_id: keptId }]);
    const list = (await (await s.get("/api/v1/imports")).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual([keptId]);
    expect((await s.get(`/api/v1/imports/${removed[0]}`)).status).toBe(404);
  });

  it("a rejected upload is taken off the history", async () => {
    const res = await s.upload({ text: "not a known format\n1\n", name: "junk.txt" });
    const { import: job } = (await res.json()) as { import: { id: string } };
    expect((await s.waitDone(job.id)).import.status).toBe("rejected");
    expect((await s.del(`/api/v1/imports/${job.id}`)).status).toBe(204);
    expect((await s.get(`/api/v1/imports/${job.id}`)).status).toBe(404);
  });
});
