/**
 * `GET /api/v1/exports/c24/{file}` on the hand-made Conversation24 fixtures
 * (packages/ingest/test/fixtures/c24, imported by the harness with wall-clock times read as UTC):
 * each of the eight files as CSV, values as worked out by hand, the period and zone from the query.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

const FIXTURES = join(import.meta.dirname, "../../../packages/ingest/test/fixtures/c24");
const FILES = [
  "agents",
  "hosts",
  "agent-activity",
  "slots",
  "conversations",
  "invites",
  "traffic",
  "agent-performance",
];

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await testApp(FILES.map((f) => join(FIXTURES, `${f}.csv`)));
  dir = mkdtempSync(join(tmpdir(), "tl-export-c24-"));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Conversation24 export route", () => {
  it("streams Agents as CSV, as the fixture holds them", async () => {
    const res = await t.request("/api/v1/exports/c24/agents.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="agents.csv"');
    expect(await res.text()).toBe(
      "id,username,firstname,lastname,email,account_id,disabled\r\n" +
        "11,ava,Ava,Jansen,ava@example.com,100,0\r\n" +
        "12,bram,Bram,de Vries,bram@example.com,100,0\r\n" +
        "13,chloe,Chloe,,,200,1\r\n",
    );
  });

  it("writes instants with the offset of ?timezone and selects the local days of ?from&to", async () => {
    // a1 starts at 09:00 UTC (the harness reads the fixtures' wall-clock times as UTC): 10:00 in Amsterdam.
    const all = await (await t.request("/api/v1/exports/c24/agent-activity.csv?timezone=Europe/Amsterdam")).text();
    expect(all.split("\r\n")).toContain("7,11,2024-03-05T10:00:00+01:00,2024-03-05T13:30:00+01:00,Online,12600,100,a1");
    // 2024-03-06 in Tokyo is 2024-03-05T15:00Z to 2024-03-06T15:00Z: a3 (08:15Z-16:15Z) and a4
    // (17:00Z, still open) overlap it; a1 and a2 (09:00Z-13:00Z) do not.
    const day = await (
      await t.request("/api/v1/exports/c24/agent-activity.csv?from=2024-03-06&to=2024-03-06&timezone=Asia/Tokyo")
    ).text();
    expect(day).toBe(
      "chatcampaign_id,agent_id,time_start,time_end,state,duration_secs,account_id,activity_id\r\n" +
        "7,12,2024-03-05T17:15:00+09:00,2024-03-06T01:15:00+09:00,Online,28800,100,a3\r\n" +
        "8,12,2024-03-06T02:00:00+09:00,,Online,,100,a4\r\n",
    );
  });

  it("gives all eight files, which the importer reads back to the same rows", async () => {
    const copy = await Warehouse.open(join(dir, "copy.duckdb"));
    try {
      for (const f of FILES) {
        const res = await t.request(`/api/v1/exports/c24/${f}.csv?timezone=America/New_York`);
        expect(res.status, f).toBe(200);
        writeFileSync(join(dir, `${f}.csv`), await res.text());
        const s = await importFile(copy, join(dir, `${f}.csv`), { timezone: "UTC" });
        expect(s.source).toBe(`c24-${f}`);
      }
      const rows = async (wh: Warehouse) =>
        (await wh.query("SELECT * EXCLUDE (import_id) FROM conversations ORDER BY ALL")).map((r) => JSON.stringify(r));
      expect(await rows(copy)).toEqual(await rows(t.warehouse));
      expect(await rows(copy)).toHaveLength(5);
    } finally {
      await copy.close();
    }
  });
});
