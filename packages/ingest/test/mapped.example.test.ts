/**
 * The worked example of docs/mapping.md: Acme Support's call log (fixtures/mapped/calls.csv, ten calls,
 * semicolon-separated, DD/MM/YYYY dates, local times in Amsterdam) through fixtures/mapped/my-mapping.json.
 * Every expected value below is worked out by hand from the ten lines of the file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const fixtures = join(import.meta.dirname, "fixtures/mapped");
const csv = join(fixtures, "calls.csv");
const mapping = join(fixtures, "my-mapping.json");
const lines = readFileSync(csv, "utf8").trimEnd().split("\n");

let dir: string;
let wh: Warehouse;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-mapped-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as `name` in the temp folder and returns its path. */
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Amsterdam is UTC+1 in early March 2026 (summer time starts on 29 March): 08:59:30 local is 07:59:30Z.
// Durations: 0:04:10 = 250 s, 0:02:00 = 120 s, 0:10:00 = 600 s, 0:03:30 = 210 s, 0:06:00 = 360 s, 0:01:00 = 60 s.
// answered: Result ANS. abandoned: Result HUP with Wait (s) > 0 (1003 hung up in the voice menu). VM: neither.
const expected = [
  ["acme:1001", "2026-03-02T07:59:30.000Z", "acme:anna", "Billing", 12, 250, true, false, "ANS", true, 5],
  ["acme:1002", "2026-03-02T08:05:00.000Z", "acme:ben", "Billing", 45, 120, true, false, "ANS", false, 3],
  ["acme:1003", "2026-03-02T08:20:15.000Z", null, "Billing", 0, null, false, false, "HUP", false, null],
  ["acme:1004", "2026-03-02T09:02:00.000Z", null, "Technical", 95, null, false, true, "HUP", false, null],
  ["acme:1005", "2026-03-02T09:30:00.000Z", "acme:anna", "Technical", 30, 600, true, false, "ANS", true, 4],
  ["acme:1006", "2026-03-02T17:45:00.000Z", null, "Technical", 0, null, false, false, "VM", false, null],
  ["acme:1007", "2026-03-03T07:15:00.000Z", "acme:carla", "Billing", 20, 210, true, false, "ANS", true, null],
  ["acme:1008", "2026-03-03T08:00:00.000Z", "acme:ben", "Technical", 60, 360, true, false, "ANS", true, 2],
  ["acme:1009", "2026-03-03T22:30:00.000Z", null, "Billing", 120, null, false, true, "HUP", false, null],
  // 00:10 on 4 March in Amsterdam is still 3 March in UTC.
  ["acme:1010", "2026-03-03T23:10:00.000Z", "acme:carla", "Billing", 10, 60, true, false, "ANS", true, 5],
];

describe("worked example: calls.csv through my-mapping.json", () => {
  it("imports 10 calls, 3 agents and 1 campaign with the hand-computed values", async () => {
    const s = await importFile(wh, csv, { source: "mapped", mapping });
    expect(s).toMatchObject({
      status: "imported",
      source: "mapped",
      rowsByTable: { calls: 10, agents: 3, campaigns: 1 },
    });
    const rows = await wh.query(
      `SELECT call_id, strftime(started_at, '%Y-%m-%dT%H:%M:%S.000Z') AS started, agent_id, queue, wait_secs, talk_secs,
              answered, abandoned, outcome, resolved, csat
       FROM calls ORDER BY call_id`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual(expected);
    expect(
      await wh.query(
        "SELECT DISTINCT source, campaign_id, talk_secs IS NOT DISTINCT FROM handle_secs AS same FROM calls",
      ),
    ).toEqual([{ source: "acme", campaign_id: "acme-support", same: true }]);
    expect(await wh.query("SELECT agent_id, username, source FROM agents ORDER BY 1")).toEqual([
      { agent_id: "acme:anna", username: "anna", source: "acme" },
      { agent_id: "acme:ben", username: "ben", source: "acme" },
      { agent_id: "acme:carla", username: "carla", source: "acme" },
    ]);
    expect(await wh.query("SELECT campaign_id, name, channel FROM campaigns")).toEqual([
      { campaign_id: "acme-support", name: "Acme Support line", channel: "call" },
    ]);
  });

  it("gives the figures docs/mapping.md shows: 6 answered, 2 abandoned, ASA 29.5 s, AHT 266.7 s, days in Amsterdam", async () => {
    // ASA = (12 + 45 + 30 + 20 + 60 + 10) / 6 = 177 / 6 = 29.5; AHT = (250 + 120 + 600 + 210 + 360 + 60) / 6 = 1600 / 6.
    const [k] = await wh.query(`SELECT count(*) AS offered, count(*) FILTER (answered) AS answered,
      count(*) FILTER (abandoned) AS abandoned, avg(wait_secs) FILTER (answered) AS asa,
      avg(handle_secs) FILTER (answered) AS aht FROM calls`);
    expect(k).toMatchObject({ offered: 10, answered: 6, abandoned: 2, asa: 29.5 });
    expect(k?.aht).toBeCloseTo(1600 / 6, 9);
    const days = await wh.query(
      "SELECT strftime((started_at + INTERVAL 1 HOUR)::DATE, '%Y-%m-%d') AS day, count(*) AS n FROM calls GROUP BY 1 ORDER BY 1",
    );
    expect(days).toEqual([
      { day: "2026-03-02", n: 6 },
      { day: "2026-03-03", n: 3 },
      { day: "2026-03-04", n: 1 },
    ]);
  });

  it("importing the same file again changes nothing", async () => {
    const before = await tableChecksums(wh);
    expect((await importFile(wh, csv, { source: "mapped", mapping })).status).toBe("unchanged");
    expect(await tableChecksums(wh)).toEqual(before);
  });
});

describe("rejected files name file, line, column (header name) and value, and write nothing", () => {
  const replace = (lineNo: number, col: number, value: string) =>
    lines
      .map((l, i) =>
        i === lineNo - 1
          ? l
              .split(";")
              .map((f, j) => (j === col ? value : f))
              .join(";")
          : l,
      )
      .join("\n");

  async function reject(name: string, text: string, options: { mapping?: string } = { mapping }): Promise<IngestError> {
    const before = await tableChecksums(wh);
    const err = await importFile(wh, write(name, text), { source: "mapped", ...options }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(await tableChecksums(wh)).toEqual(before);
    return err as IngestError;
  }

  it("bad date, unknown code, csat out of scale, bad duration, bad number", async () => {
    let text = replace(3, 1, "31/02/2026");
    text = text
      .split("\n")
      .map((l, i) => (i === 4 ? l.replace(";HUP;", ";XFER;") : l))
      .join("\n");
    const rows = text.split("\n");
    rows[5] = rows[5]?.replace(/;4$/, ";7") ?? "";
    rows[7] = rows[7]?.replace("0:03:30", "3 min") ?? "";
    rows[8] = rows[8]?.replace(";60;", ";abc;") ?? "";
    const e = await reject("bad.csv", rows.join("\n"));
    expect(e.code).toBe("bad_rows");
    expect(e.issues).toEqual([
      { file: "bad.csv", line: 3, column: "Date", value: "31/02/2026", reason: "is not a calendar date" },
      { file: "bad.csv", line: 5, column: "Result", value: "XFER", reason: "is not one of ANS, HUP, VM" },
      { file: "bad.csv", line: 6, column: "Score", value: "7", reason: "is not on the 1-5 scale" },
      { file: "bad.csv", line: 8, column: "Talk", value: "3 min", reason: "is not a duration H:MM:SS" },
      { file: "bad.csv", line: 9, column: "Wait (s)", value: "abc", reason: "is not a number (seconds)" },
    ]);
    expect(e.message).toContain('bad.csv:3: column "Date", value "31/02/2026": is not a calendar date');
  });

  it("a required value that is empty", async () => {
    const e = await reject("no-id.csv", replace(4, 0, ""));
    expect(e.issues).toEqual([{ file: "no-id.csv", line: 4, column: "Call ref", value: "", reason: "is empty" }]);
  });

  it("a column the mapping reads is missing from the header: names it on the header line", async () => {
    const e = await reject("renamed.csv", [lines[0]?.replace("Agent", "Agent name"), ...lines.slice(1)].join("\n"));
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual([
      {
        file: "renamed.csv",
        line: 1,
        column: "Agent",
        value: "",
        reason: "the mapping reads this column but the header does not have it",
      },
    ]);
    expect(e.message).toContain("has: Call ref, Date, Start, Agent name");
  });

  it("lines above the header (headerRow) keep physical line numbers; the delimiter can be named", async () => {
    const m = JSON.parse(readFileSync(mapping, "utf8"));
    m.format = { type: "csv", delimiter: ";", headerRow: 3 };
    const text = [
      "Acme Support call export",
      "generated 2026-03-05",
      ...lines.slice(0, 3),
      "1099;02/03/2026;25:00:00;;Billing;0;;VM;N;",
    ];
    const e = await reject("titled.csv", text.join("\n"), { mapping: write("titled.json", JSON.stringify(m)) });
    expect(e.issues).toEqual([
      { file: "titled.csv", line: 6, column: "Start", value: "25:00:00", reason: "is not a valid time of day" },
    ]);
  });

  it("without --mapping the mapped source says to pass one", async () => {
    const e = await reject("no-mapping.csv", lines.join("\n"), {});
    expect(e.code).toBe("unknown_format");
    expect(e.message).toMatch(/pass --mapping FILE\.json/);
  });
});
