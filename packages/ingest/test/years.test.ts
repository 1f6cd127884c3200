/**
 * The years rule (warehouse time.ts: UTC instants in 1970-2099) in every adapter that reads dates:
 * a 2999 date and a 1969 date are each one RowIssue naming file, line, column and value, and leave
 * the database unchanged; 1970-01-01 00:00:00 and 2099-12-31 23:59:59 (UTC) are stored as written.
 * Files are written here from the good fixtures with one date changed; expected issues are worked
 * out by hand from those fixtures.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { YEAR_RANGE_REASON } from "@tallyline/warehouse/time";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instant } from "../src/adapters/c24/parse";
import { type ImportOptions, IngestError, importFile, type RowIssue } from "../src/index";
import { tableChecksums } from "./checksum";

const here = import.meta.dirname;
const text = (path: string) => readFileSync(join(here, path), "utf8");
const MAPPING = JSON.parse(text("fixtures/mapped/my-mapping.json"));

let dir: string;
let wh: Warehouse;
let folders = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-years-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` as `name` into a new folder of its own and returns its path. */
function write(name: string, content: string | Buffer | object): string {
  const folder = join(dir, `case-${++folders}`);
  mkdirSync(folder);
  const body = typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content);
  writeFileSync(join(folder, name), body);
  return join(folder, name);
}

/** `source` with its one occurrence of `from` replaced by `to`. */
function edit(source: string, from: string, to: string): string {
  expect(source.split(from), `"${from}" occurs once`).toHaveLength(2);
  return source.replace(from, to);
}

/** The issues of the IngestError ('bad_rows') that importing `path` must raise, the database unchanged. */
async function issuesOf(path: string, options: ImportOptions = {}): Promise<readonly RowIssue[]> {
  const before = await tableChecksums(wh);
  const err = await importFile(wh, path, options).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(IngestError);
  expect((err as IngestError).code).toBe("bad_rows");
  expect(await tableChecksums(wh)).toEqual(before);
  return (err as IngestError).issues;
}

/** The single issue `file:line: column "column", value "value"`: the years rule. */
const outside = (file: string, line: number, column: string, value: string): RowIssue[] => [
  { file, line, column, value, reason: YEAR_RANGE_REASON },
];

describe("anonbank", () => {
  const tsv = text("../../report-defs/test/fixtures/calls-small.tsv");
  const header = tsv.slice(0, tsv.indexOf("\r\n"));
  /** One answered call on `date` from 0:00:00 (voice menu 10 s, queue 30 s, served 300 s). */
  const call = (id: number, date: string) =>
    `${header}\r\nAA0101\t${id}\t0\t0\tPS\t${date}\t0:00:00\t0:00:10\t10\t0:00:10\t0:00:40\t30\tAGENT\t0:00:40\t0:05:40\t300\tALICE\r\n`;

  it("refuses 1970-01-01 00:00:00 in Amsterdam: 1969-12-31 23:00 UTC (CET, UTC+1)", async () => {
    const path = write("calls.tsv", call(1, "700101"));
    expect(await issuesOf(path, { timezone: "Europe/Amsterdam" })).toEqual(outside("calls.tsv", 2, "date", "700101"));
  });

  // 2999 cannot be written: YYMMDD reads 00-69 as 2000-2069 and 70-99 as 1970-1999.

  it("stores 1970-01-01 00:00:00 UTC, the first instant accepted", async () => {
    expect((await importFile(wh, write("calls.tsv", call(2, "700101")))).status).toBe("imported");
    expect(await wh.query("SELECT started_at, ended_at FROM calls WHERE call_id = 'anonbank:AA0101:2'")).toEqual([
      { started_at: "1970-01-01T00:00:00.000Z", ended_at: "1970-01-01T00:05:40.000Z" },
    ]);
  });
});

describe("c24: every export with timestamps", () => {
  const c24 = (name: string) => text(`fixtures/c24/${name}`);
  /** [export, text replaced, the timestamp in it, the line it is on, its column]. */
  const CASES: [string, string, string, number, string][] = [
    ["agent-activity.csv", "7,11,2024-03-05 09:00:00,", "2024-03-05 09:00:00", 2, "time_start"],
    ["slots.csv", "7,11,1709625600,1709629200,Online,button", "1709625600", 2, "time_start"],
    ["agent-performance.csv", "Support chat,2024-03-05 09:00:00,", "2024-03-05 09:00:00", 3, "workshift_start"],
    ["conversations.csv", "7,2024-03-05 09:10:00,S1", "2024-03-05 09:10:00", 2, "conversation_start"],
    ["invites.csv", "9,f1,100,2024-03-05 09:00:00,", "2024-03-05 09:00:00", 2, "hour_begin_time"],
    ["traffic.csv", "7,2024-03-05 09:00:00,e1", "2024-03-05 09:00:00", 2, "hour_begin_time"],
  ];
  for (const [name, from, stamp, line, column] of CASES) {
    for (const bad of ["2999-03-05T09:00:00Z", "1969-12-31 23:59:59"]) {
      it(`${name}: ${column} ${bad}`, async () => {
        const path = write(name, edit(c24(name), from, from.replace(stamp, bad)));
        expect(await issuesOf(path, { timezone: "UTC" })).toEqual(outside(name, line, column, bad));
      });
    }
  }

  it("Unix seconds: 4102444800 is 2100-01-01 00:00:00 UTC, refused", async () => {
    const path = write(
      "slots.csv",
      edit(c24("slots.csv"), "1709625600,1709629200,Online,button", "1709625600,4102444800,Online,button"),
    );
    expect(await issuesOf(path)).toEqual(outside("slots.csv", 2, "time_end", "4102444800"));
  });

  it("stores 1970-01-01 00:00:00 and 2099-12-31 23:59:59 (text, and Unix 4102444799)", async () => {
    const activity = "chatcampaign_id,agent_id,time_start,time_end,state,duration_secs,account_id,activity_id";
    const a = write(
      "agent-activity.csv",
      `${activity}\n70,11,1970-01-01 00:00:00,2099-12-31 23:59:59,Online,,100,y1\n`,
    );
    const slots = "chatcampaign_id,agent_id,time_start,time_end,state,entrypoint_type,duration";
    const s = write("slots.csv", `${slots}\n70,11,1970-01-01T00:00:00Z,4102444799,Online,button,\n`);
    for (const path of [a, s]) expect((await importFile(wh, path, { timezone: "UTC" })).status).toBe("imported");
    expect(
      await wh.query(
        "SELECT origin, time_start, time_end FROM agent_states WHERE campaign_id = 'c24:70' ORDER BY origin",
      ),
    ).toEqual([
      { origin: "activity", time_start: "1970-01-01T00:00:00.000Z", time_end: "2099-12-31T23:59:59.000Z" },
      { origin: "slots", time_start: "1970-01-01T00:00:00.000Z", time_end: "2099-12-31T23:59:59.000Z" },
    ]);
  });

  it("the parser's edges: a wall clock is read in the zone before the rule applies", () => {
    const at = (raw: string, tz: string) => {
      const p = instant.parse(raw, tz);
      return "value" in p ? p.value.toISOString() : p.reason;
    };
    expect(at("1970-01-01 00:00:00", "UTC")).toBe("1970-01-01T00:00:00.000Z");
    // 01:00 in Amsterdam (UTC+1 in 1970) is midnight UTC; 00:59:59 is still 1969 in UTC.
    expect(at("1970-01-01 01:00:00", "Europe/Amsterdam")).toBe("1970-01-01T00:00:00.000Z");
    expect(at("1970-01-01 00:59:59", "Europe/Amsterdam")).toBe(YEAR_RANGE_REASON);
    expect(at("2099-12-31T23:59:59.999Z", "UTC")).toBe("2099-12-31T23:59:59.999Z");
    expect(at("2099-12-31T23:30:00-01:00", "UTC")).toBe(YEAR_RANGE_REASON); // 2100-01-01 00:30 UTC
  });
});

describe("mapped", () => {
  const CSV = text("fixtures/mapped/calls.csv");
  const UTC = { ...MAPPING, timezone: "UTC" };

  it("a text date: 02/03/2999 and 31/12/1969 (DD/MM/YYYY in Amsterdam)", async () => {
    const mapping = write("my-mapping.json", MAPPING);
    for (const date of ["02/03/2999", "31/12/1969"]) {
      const path = write("calls.csv", edit(CSV, "1002;02/03/2026", `1002;${date}`));
      expect(await issuesOf(path, { mapping })).toEqual(outside("calls.csv", 3, "Date", date));
    }
  });

  it("a time-only field past midnight of 2099-12-31 is 2100 (named on its own column)", async () => {
    const m = { ...UTC, fields: { ...UTC.fields, ended_at: { time: "End" } } };
    const csv =
      "Call ref;Date;Start;End;Agent;Line;Wait (s);Talk;Result;Solved;Score\n9;31/12/2099;23:50:00;00:10:00;;Billing;5;;HUP;N;\n";
    const path = write("calls.csv", csv);
    expect(await issuesOf(path, { mapping: write("m.json", m) })).toEqual(outside("calls.csv", 2, "End", "00:10:00"));
  });

  it("text excel-serial and iso-8601 columns", async () => {
    // Serial 401404 is 2999-01-01 (1029 years after 1970 with 250 leap days: 25569 + 375835); 25568.5 is 1969-12-31 12:00.
    const m = {
      ...UTC,
      fields: {
        call_id: "ID",
        started_at: { column: "Serial", dateFormat: "excel-serial" },
        ended_at: { column: "Iso", dateFormat: "iso-8601" },
        answered: { value: true },
        abandoned: { value: false },
      },
    };
    const mapping = write("m.json", m);
    const csv = (serial: string, iso: string) => `ID;Serial;Iso\n1;${serial};${iso}\n`;
    expect(await issuesOf(write("calls.csv", csv("401404", "2024-03-05T09:00:00Z")), { mapping })).toEqual(
      outside("calls.csv", 2, "Serial", "401404"),
    );
    expect(await issuesOf(write("calls.csv", csv("25568.5", "2024-03-05T09:00:00Z")), { mapping })).toEqual(
      outside("calls.csv", 2, "Serial", "25568.5"),
    );
    expect(await issuesOf(write("calls.csv", csv("45356", "2999-03-05T09:00:00+01:00")), { mapping })).toEqual(
      outside("calls.csv", 2, "Iso", "2999-03-05T09:00:00+01:00"),
    );
    expect(await issuesOf(write("calls.csv", csv("45356", "1969-12-31T23:59")), { mapping })).toEqual(
      outside("calls.csv", 2, "Iso", "1969-12-31T23:59"),
    );
  });

  it("stores 1970-01-01 00:00:00 and 2099-12-31 23:59:59 from text dates", async () => {
    const csv = [
      "Call ref;Date;Start;Agent;Line;Wait (s);Talk;Result;Solved;Score",
      "2001;01/01/1970;00:00:00;;Billing;5;;HUP;N;",
      "2002;31/12/2099;23:59:59;;Billing;5;;HUP;N;",
    ].join("\n");
    await importFile(wh, write("calls.csv", csv), { mapping: write("m.json", UTC) });
    expect(await wh.query("SELECT call_id, started_at FROM calls WHERE call_id LIKE 'acme:200_' ORDER BY 1")).toEqual([
      { call_id: "acme:2001", started_at: "1970-01-01T00:00:00.000Z" },
      { call_id: "acme:2002", started_at: "2099-12-31T23:59:59.000Z" },
    ]);
  });

  describe("xlsx: date cells and serial numbers", () => {
    const m = {
      format: { type: "xlsx" },
      source: "yr",
      campaign: { id: "yr", name: "Years" },
      timezone: "UTC",
      fields: {
        call_id: "ID",
        started_at: { column: "Start" },
        answered: { value: true },
        abandoned: { value: false },
      },
    };
    /** A workbook with header ID, Start and one row per [id, start] (a Date cell is a date-formatted cell). */
    async function workbook(rows: [string, Date | number][]): Promise<string> {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("Calls");
      ws.addRow(["ID", "Start"]);
      for (const [id, start] of rows) {
        const row = ws.addRow([id, start]);
        if (start instanceof Date) row.getCell(2).numFmt = "yyyy-mm-dd hh:mm:ss";
      }
      return write("calls.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    }

    it("refuses a 2999 date cell and serial 25568 (1969-12-31), on their sheet rows", async () => {
      const path = await workbook([
        ["x1", new Date("2024-03-05T09:00:00Z")],
        ["x2", new Date("2999-03-05T09:00:00Z")],
        ["x3", 25568],
      ]);
      expect(await issuesOf(path, { source: "mapped", mapping: write("m.json", m) })).toEqual([
        ...outside("calls.xlsx", 3, "Start", "2999-03-05 09:00:00"),
        ...outside("calls.xlsx", 4, "Start", "25568"),
      ]);
    });

    it("stores a 1970-01-01 date cell and serial 73050 + 86399/86400 (2099-12-31 23:59:59)", async () => {
      // 2100-01-01 is serial 25569 + 130 * 365 + 32 leap days = 73051; one second less is 73050 + 86399/86400.
      const path = await workbook([
        ["y1", new Date("1970-01-01T00:00:00Z")],
        ["y2", 73050 + 86399 / 86400],
      ]);
      await importFile(wh, path, { source: "mapped", mapping: write("m.json", m) });
      expect(await wh.query("SELECT call_id, started_at FROM calls WHERE source = 'yr' ORDER BY 1")).toEqual([
        { call_id: "yr:y1", started_at: "1970-01-01T00:00:00.000Z" },
        { call_id: "yr:y2", started_at: "2099-12-31T23:59:59.000Z" },
      ]);
    });
  });
});

describe("ibm-twitter", () => {
  const sessions = () => JSON.parse(text("fixtures/ibm/sessions.json"));

  it("refuses a 2999 session start and a 1969 message time, by session and JSON path", async () => {
    const s = sessions();
    s[0].dialogHeader.conversationDateTime = "2999-04-01T10:00:00.000Z";
    s[1].dialogContent[0].datetime = "1969-12-31T23:59:59.999Z";
    expect(await issuesOf(write("sessions.json", s))).toEqual([
      ...outside("sessions.json", 1, "[0].dialogHeader.conversationDateTime", "2999-04-01T10:00:00.000Z"),
      ...outside("sessions.json", 2, "[1].dialogContent[0].datetime", "1969-12-31T23:59:59.999Z"),
    ]);
  });

  it("stores a 1970-01-01 00:00:00 start and a 2099-12-31 23:59:59 message", async () => {
    const s = sessions();
    s[0].dialogHeader.conversationDateTime = "1970-01-01T00:00:00Z";
    s[1].dialogContent[0].datetime = "2099-12-31T23:59:59Z";
    await importFile(wh, write("sessions.json", s));
    expect(await wh.query("SELECT started_at FROM conversations WHERE conversation_id = 'ibm-twitter:S1'")).toEqual([
      { started_at: "1970-01-01T00:00:00.000Z" },
    ]);
    expect(await wh.query("SELECT sent_at FROM messages WHERE message_id = 'ibm-twitter:S2:1'")).toEqual([
      { sent_at: "2099-12-31T23:59:59.000Z" },
    ]);
  });
});

describe("canonical (SQL checks)", () => {
  // call_check_results: a table no other case here fills, so every load starts from an empty table.
  const HEADER = "call_id,check_id,passed,evaluated_at";

  it("CSV: 2999, 1969 and an offset that makes 1969 are refused; an unreadable date is only not a timestamp", async () => {
    const csv = [
      HEADER,
      "yr:1,qa:a,true,2024-03-05 09:00:00",
      "yr:2,qa:a,true,2999-03-05 09:00:00",
      "yr:3,qa:a,true,1969-12-31 23:59:59.999",
      "yr:4,qa:a,true,1970-01-01T00:30:00+01:00",
      "yr:5,qa:a,true,2024-02-30 10:00:00",
    ].join("\n");
    expect(await issuesOf(write("call_check_results.csv", csv))).toEqual([
      ...outside("call_check_results.csv", 3, "evaluated_at", "2999-03-05 09:00:00"),
      ...outside("call_check_results.csv", 4, "evaluated_at", "1969-12-31 23:59:59.999"),
      ...outside("call_check_results.csv", 5, "evaluated_at", "1970-01-01T00:30:00+01:00"),
      {
        file: "call_check_results.csv",
        line: 6,
        column: "evaluated_at",
        value: "2024-02-30 10:00:00",
        reason: "is not a timestamp 'YYYY-MM-DD HH:MM:SS[.fff]' (UTC, optionally ending in Z)",
      },
    ]);
  });

  it("NDJSON and Parquet: year 2999 on line / row 2", async () => {
    const ndjson = [
      { call_id: "yr:6", check_id: "qa:a", passed: true, evaluated_at: "2024-03-05 09:00:00" },
      { call_id: "yr:7", check_id: "qa:a", passed: true, evaluated_at: "2999-03-05T09:00:00Z" },
    ];
    const path = write("call_check_results.ndjson", ndjson.map((r) => JSON.stringify(r)).join("\n"));
    expect(await issuesOf(path)).toEqual(
      outside("call_check_results.ndjson", 2, "evaluated_at", "2999-03-05T09:00:00Z"),
    );
    const parquet = write("call_check_results.parquet", "");
    await wh.run(
      `COPY (SELECT * FROM (VALUES ('yr:8', 'qa:a', true, TIMESTAMP '2024-03-05 09:00:00'),
                                   ('yr:9', 'qa:a', true, TIMESTAMP '2999-03-05 09:00:00'))
             AS t(call_id, check_id, passed, evaluated_at)) TO '${parquet}' (FORMAT parquet)`,
    );
    expect(await issuesOf(parquet)).toEqual(
      outside("call_check_results.parquet", 2, "evaluated_at", "2999-03-05 09:00:00"),
    );
  });

  it("stores 1970-01-01 00:00:00 and 2099-12-31 23:59:59.999", async () => {
    const csv = [HEADER, "yr:10,qa:a,true,1970-01-01 00:00:00", "yr:11,qa:a,true,2099-12-31T23:59:59.999Z"];
    await importFile(wh, write("call_check_results.csv", csv.join("\n")));
    expect(await wh.query("SELECT call_id, evaluated_at FROM call_check_results ORDER BY 1")).toEqual([
      { call_id: "yr:10", evaluated_at: "1970-01-01T00:00:00.000Z" },
      { call_id: "yr:11", evaluated_at: "2099-12-31T23:59:59.999Z" },
    ]);
  });
});
