/**
 * Guessing the source (`--source auto`, detect.ts): a workbook whose sheet has the columns of a
 * shipped mapping is read through it (the summary names the mapping); the same columns in a kind of
 * file the mapping does not read, and a file near no format or near some, get a few lines that say
 * which formats come closest and what the file lacks for each, never the whole list of formats.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adapters, IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const PWC_HEADER = [
  "Call Id",
  "Agent",
  "Date",
  "Time",
  "Topic",
  "Answered (Y/N)",
  "Resolved",
  "Speed of answer in seconds",
  "AvgTalkDuration",
  "Satisfaction rating",
];
const PWC_ROWS = [
  ["ID0001", "Diane", "2021-01-01", "9:12:58", "Contract related", "Y", "Y", 109, "0:02:23", 3],
  ["ID0002", "Becky", "2021-01-01", "9:12:58", "Technical Support", "N", "N", null, null, null],
];
const AGENTS = readFileSync(join(import.meta.dirname, "fixtures/c24/agents.csv"), "utf8");

let dir: string;
let wh: Warehouse;
let n = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-detect-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const folder = join(dir, `f${++n}`);
  mkdirSync(folder);
  writeFileSync(join(folder, name), content);
  return join(folder, name);
}

async function workbook(header: readonly string[], rows: readonly (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  ws.addRow([...header]);
  for (const r of rows) ws.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The IngestError of importing `path` with --source auto; the database must not change. */
async function refused(path: string): Promise<IngestError> {
  const before = await tableChecksums(wh);
  const err = await importFile(wh, path).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(IngestError);
  expect(await tableChecksums(wh)).toEqual(before);
  return err as IngestError;
}

describe("a shipped mapping chosen by its header", () => {
  it("a workbook with the PwC sheet's columns is read through pwc-callcenter.json, and the summary says so", async () => {
    const path = write("my-calls.xlsx", await workbook(PWC_HEADER, PWC_ROWS));
    const s = await importFile(wh, path);
    expect(s).toMatchObject({ source: "mapped", status: "imported", rowsByTable: { calls: 2, agents: 1 } });
    expect(basename(s.mapping ?? "")).toBe("pwc-callcenter.json");
    // The mapping's decisions hold: Zurich wall clock, an unanswered call abandoned and without agent.
    expect(await wh.query("SELECT call_id, started_at, answered, abandoned, agent_id FROM calls ORDER BY 1")).toEqual([
      {
        call_id: "pwc:ID0001",
        started_at: "2021-01-01T08:12:58.000Z",
        answered: true,
        abandoned: false,
        agent_id: "pwc:Diane",
      },
      {
        call_id: "pwc:ID0002",
        started_at: "2021-01-01T08:12:58.000Z",
        answered: false,
        abandoned: true,
        agent_id: null,
      },
    ]);
    const [row] = await wh.query<{ source: string }>(`SELECT source FROM imports WHERE import_id = '${s.importId}'`);
    expect(row?.source).toBe("mapped");
  });

  it("a workbook lacking one of those columns is not guessed: the mapping is named with the column it lacks", async () => {
    const header = PWC_HEADER.filter((h) => h !== "Topic");
    const rows = PWC_ROWS.map((r) => r.filter((_, i) => i !== 4));
    const e = await refused(write("almost.xlsx", await workbook(header, rows)));
    expect(e.code).toBe("unknown_format");
    expect(e.message).toContain('Closest: --mapping packages/ingest/mappings/pwc-callcenter.json (lacks "Topic")');
  });

  it("the PwC columns in a CSV file: says which mapping fits and that it reads workbooks, in one line", async () => {
    const csv = `${PWC_HEADER.join(",")}\nID0001,Diane,2021-01-01,9:12:58,Contract related,Y,Y,109,0:02:23,3\n`;
    const e = await refused(write("pwc.csv", csv));
    expect(e.code).toBe("unknown_format");
    const lines = e.message.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      '  Its columns are those of the shipped mapping packages/ingest/mappings/pwc-callcenter.json, which reads an .xlsx workbook: import the original workbook, or copy the mapping and set its "format".',
    );
  });
});

describe("a file no format fits", () => {
  it("near one export: the closest formats and what each lacks, not the list of every format", async () => {
    // The Agents export with five of its seven columns renamed: 2/7 of its header, below the 0.5 it needs.
    const renamed = AGENTS.replace("id,username,firstname,lastname,email", "uid,login,given,family,mail");
    const e = await refused(write("people.csv", renamed));
    expect(e.code).toBe("unknown_format");
    expect(e.issues).toEqual([
      {
        file: "people.csv",
        line: 1,
        column: "-",
        value: "uid,login,given,family,mail,account_id,disabled",
        reason: "matches no known export format",
      },
    ]);
    const lines = e.message.split("\n");
    expect(lines[0]).toBe(
      'Cannot tell the format of people.csv from its content (line 1: "uid,login,given,family,mail,account_id,disabled").',
    );
    // Agents has 2 of its 7 columns, Hosts 1 of 4 (account_id), Agent activity 1 of 8.
    expect(lines[1]).toBe(
      '  Closest: c24-agents (lacks "id", "username", "firstname", "lastname" and 1 more); c24-hosts (lacks "id", "hostname", "multiple_acc_id"); c24-agent-activity (lacks "chatcampaign_id", "agent_id", "time_start", "time_end" and 3 more).',
    );
    expect(lines).toHaveLength(3);
    // At most three formats are named: not the whole list.
    const named = adapters.filter((a) => e.message.includes(`${a.id} (`));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(3);
  });

  it("near no format: says so in three lines", async () => {
    const e = await refused(write("stuff.csv", "colour,size,weight\nred,2,3\n"));
    expect(e.message.split("\n")).toEqual([
      'Cannot tell the format of stuff.csv from its content (line 1: "colour,size,weight").',
      "  It shares no column with any known format (docs/ingest.md lists them).",
      "  Name the format with --source ID, or read the file through a mapping: --source mapped --mapping FILE.",
    ]);
  });

  it("a workbook near no shipped mapping", async () => {
    const e = await refused(write("book.xlsx", await workbook(["a", "b"], [["x", 1]])));
    expect(e.code).toBe("unknown_format");
    expect(e.issues[0]?.value).toBe("(an .xlsx workbook)");
    expect(e.message).toContain("It shares no column with any known format");
  });
});
