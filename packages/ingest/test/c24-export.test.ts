/**
 * The Conversation24 export writer (src/export/c24.ts) on the hand-made fixtures (test/fixtures/c24,
 * imported in Europe/Amsterdam, UTC+1 on 2024-03-05):
 * - each file's header row is seed 003's column list, copied here from the seed text
 *   (/work/shared/seeds/003_893fd68b70a95d0e.txt, line numbers cited), in the seed's order;
 * - the file is UTF-8 without BOM, CRLF, RFC 4180 quoting; values as worked out by hand below;
 * - written and imported again into an empty database, the canonical rows are the same (but import_id);
 * - from/to select the period's rows (intervals that overlap it);
 * - text that starts like a spreadsheet formula is written as stored (not neutralised) and reads back the same;
 * - a row the adapter would refuse is an error naming file, row, column and value, and leaves no file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainNumber } from "../src/export/c24";
import { C24ExportError, importFile, writeC24Exports } from "../src/index";

const FIXTURES = join(import.meta.dirname, "fixtures/c24");
/** Import order: Agent performance last, as it names the campaigns (docs/ingest.md). */
const FILES = [
  "agents.csv",
  "hosts.csv",
  "agent-activity.csv",
  "slots.csv",
  "conversations.csv",
  "invites.csv",
  "traffic.csv",
  "agent-performance.csv",
];

/**
 * Seed 003's column lists, copied from the seed text; each is the names before ' |' on the lines
 * cited, in order.
 */
const SEED_HEADERS: Record<string, string[]> = {
  // Agent activity: seed lines 14-28.
  "agent-activity.csv": [
    "chatcampaign_id",
    "agent_id",
    "time_start",
    "time_end",
    "state",
    "duration_secs",
    "account_id",
    "activity_id",
  ],
  // Agent performance: seed lines 40-84.
  "agent-performance.csv": [
    "chatcampaign_id",
    "agent_id",
    "workshift_id",
    "account_id",
    "chatcampaign_name",
    "workshift_start",
    "workshift_end",
    "num_chats",
    "num_breaks",
    "num_ignored",
    "num_abandoned",
    "avg_concurrency",
    "first_response_duration",
    "open_duration",
    "closed_duration",
    "online_duration",
    "offline_duration",
    "available_duration",
    "idle_duration",
    "session_duration",
    "survey_num_good",
    "survey_num_bad",
    "survey_num_moderate",
  ],
  // Agents: seed lines 88-100. Line 96 has no name (only "|", described as "the agent's email"
  // on line 97): the adapters and docs/ingest.md call it `email`.
  "agents.csv": ["id", "username", "firstname", "lastname", "email", "account_id", "disabled"],
  // Conversations: seed lines 107-177.
  "conversations.csv": [
    "chatcampaign_id",
    "conversation_start",
    "session_id",
    "assigned_agent_id",
    "assigned_agent_account_id",
    "assigned_agent_account_name",
    "last_agent_id",
    "last_agent_account_id",
    "last_agent_account_name",
    "visitor_id",
    "account_id",
    "host_id",
    "num_messages",
    "duration_total_secs",
    "duration_conversation_secs",
    "duration_afterclose_secs",
    "avgMessageLength",
    "maxMessageLength",
    "requestType",
    "requestSource",
    "firstResponseTime",
    "firstReplyTime",
    "avgResponseTime",
    "maxResponseTime",
    "decisionTime",
    "transcriptUrl",
    "acceptUrl",
    "successcode",
    "survey_result",
    "survey_comment",
    "visitor_identifier",
    "blocked",
    "block_reason",
    "goals",
    "totalGoalValue",
    "handlingType",
  ],
  // Automatic invites: seed lines 181-211.
  "invites.csv": [
    "chatcampaign_id",
    "date",
    "hour_of_day",
    "filter_id",
    "account_id",
    "hour_begin_time",
    "hour_end_time",
    "filter_name",
    "num_proactive",
    "num_proactive_accepted",
    "num_proactive_declined",
    "num_proactive_match",
    "num_proactive_cancelled",
    "num_proactive_no_availability",
    "num_proactive_expired",
    "num_proactive_ignored",
  ],
  // Hosts: seed lines 215-221.
  "hosts.csv": ["id", "account_id", "hostname", "multiple_acc_id"],
  // Traffic: seed lines 229-243.
  "traffic.csv": [
    "chatcampaign_id",
    "hour_begin_time",
    "entrypoint_id",
    "entrypoint",
    "visits",
    "views",
    "clicks",
    "chats",
  ],
  // Slots: seed lines 247-259.
  "slots.csv": ["chatcampaign_id", "agent_id", "time_start", "time_end", "state", "entrypoint_type", "duration"],
};

let dir: string;
let source: Warehouse;

async function importAll(wh: Warehouse, folder: string, timezone: string) {
  for (const f of FILES) await importFile(wh, join(folder, f), { timezone });
}

/** Lines of a written file (CRLF-separated; the last line ends with CRLF too). */
function lines(folder: string, file: string): string[] {
  const text = readFileSync(join(folder, file), "utf8");
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(0, -2).split("\r\n");
}

/** Every row of the written tables, but import_id, as sorted JSON texts. */
async function rows(wh: Warehouse): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of [
    "campaigns",
    "agents",
    "hosts",
    "contacts",
    "conversations",
    "assignments",
    "ratings",
    "agent_states",
    "agent_shifts",
    "invites_hourly",
    "traffic_hourly",
  ]) {
    out[t] = (await wh.query(`SELECT * EXCLUDE (import_id) FROM ${t} ORDER BY ALL`)).map((r) => JSON.stringify(r));
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-c24-export-"));
  source = await Warehouse.open(join(dir, "source.duckdb"));
  await importAll(source, FIXTURES, "Europe/Amsterdam");
});
afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the written files", () => {
  let out: string;
  beforeAll(async () => {
    out = join(dir, "all");
    await writeC24Exports(source, out, { timezone: "Europe/Amsterdam" });
  });

  it("have seed 003's header rows, in the seed's order", () => {
    for (const [file, columns] of Object.entries(SEED_HEADERS)) {
      expect(lines(out, file)[0], file).toBe(columns.join(","));
    }
  });

  it("are UTF-8 without BOM, CRLF, RFC 4180 quoting, values as worked out by hand", () => {
    const bytes = readFileSync(join(out, "conversations.csv"));
    expect(bytes.subarray(0, 3).toString("hex")).not.toBe("efbbbf");
    const conv = lines(out, "conversations.csv");
    // S2: 09:30 Amsterdam (UTC+1); transferred 11 -> 12; the comment's quotes doubled and its line
    // break kept inside the quotes; thumbs_down read as thumbs 0, written 'down'; blocked yes.
    const s2 = conv.find((l) => l.startsWith("7,2024-03-05T09:30:00+01:00,S2,"));
    expect(s2).toBe(
      '7,2024-03-05T09:30:00+01:00,S2,11,100,,12,100,,v2,100,501,20,900,880,20,30,90,invite,Welcome,30,35,40,120,10,https://c24.example/t/S2,https://shop.example.com/,,down,"Waited ""forever""\nthen transferred",Visitor 2,yes,abusive language,,,hybrid',
    );
    // S3: no agent (a missed chat), Unix 1709630400 = 2024-03-05T09:20:00Z = 10:20 in Amsterdam.
    expect(conv).toContain(
      "8,2024-03-05T10:20:00+01:00,S3,,,,,,,v1,100,502,1,120,0,0,0,0,button,Help button,,,,,3,,https://help.example.com/,,,,Visitor 1,,,,,",
    );
    // Invites at 09:00 Amsterdam: date = local midnight 2024-03-04T23:00:00Z = 1709593200, hour 9,
    // the hour's end at 09:59:59 (as the fixture's own row says).
    expect(lines(out, "invites.csv")[1]).toBe(
      "7,1709593200,9,f1,100,2024-03-05T09:00:00+01:00,2024-03-05T09:59:59+01:00,Welcome,40,6,4,55,3,1,10,17",
    );
    // The open state a4 (17:00, no end, no duration) and Agents' disabled 0/1.
    expect(lines(out, "agent-activity.csv")).toContain("8,12,2024-03-05T17:00:00+01:00,,Online,,100,a4");
    expect(lines(out, "agents.csv")).toContain("13,chloe,Chloe,,,200,1");
  });

  it("import into an empty database as the same canonical rows, whatever zone the import uses", async () => {
    const tokyo = join(dir, "tokyo");
    await writeC24Exports(source, tokyo, { timezone: "Asia/Tokyo" });
    expect(lines(tokyo, "agent-activity.csv")).toContain("8,12,2024-03-06T01:00:00+09:00,,Online,,100,a4");
    const copy = await Warehouse.open(join(dir, "copy.duckdb"));
    try {
      await importAll(copy, tokyo, "America/New_York");
      const [want, got] = [await rows(source), await rows(copy)];
      expect(got).toEqual(want);
      expect(want.conversations).toHaveLength(5);
      expect(want.assignments).toHaveLength(6);
    } finally {
      await copy.close();
    }
  });
});

describe("from/to", () => {
  it("select the local days' rows: intervals that overlap them, hours and conversations that start in them", async () => {
    // 2024-03-06 in Amsterdam: only the open state a4 (from 2024-03-05 17:00) overlaps it.
    const next = join(dir, "next-day");
    const written = await writeC24Exports(source, next, {
      timezone: "Europe/Amsterdam",
      from: "2024-03-06",
      to: "2024-03-06",
    });
    expect(Object.fromEntries(written.map((w) => [w.file.split("/").pop(), w.rows]))).toEqual({
      "agent-activity.csv": 1,
      "agent-performance.csv": 0,
      "agents.csv": 3,
      "conversations.csv": 0,
      "invites.csv": 0,
      "hosts.csv": 3,
      "traffic.csv": 0,
      "slots.csv": 0,
    });
    // 2024-03-05 in Tokyo is 2024-03-04T15:00Z to 2024-03-05T15:00Z: every conversation (08:10Z to
    // 14:00Z) but not a4 (16:00Z); a1-a3 and the slots (08:00Z to 10:00Z) overlap it.
    const tokyo = join(dir, "tokyo-day");
    const day = await writeC24Exports(source, tokyo, { timezone: "Asia/Tokyo", from: "2024-03-05", to: "2024-03-05" });
    expect(Object.fromEntries(day.map((w) => [w.file.split("/").pop(), w.rows]))).toMatchObject({
      "agent-activity.csv": 3,
      "conversations.csv": 5,
      "slots.csv": 3,
      "agent-performance.csv": 3,
    });
    expect(lines(tokyo, "agent-activity.csv").map((l) => l.split(",").pop())).toEqual([
      "activity_id",
      "a1",
      "a3",
      "a2",
    ]);
  });

  it("are refused when one is missing, not a date, or after the other", async () => {
    await expect(writeC24Exports(source, join(dir, "x"), { from: "2024-03-05" })).rejects.toThrow(/both from and to/);
    await expect(writeC24Exports(source, join(dir, "x"), { from: "2024-02-30", to: "2024-03-01" })).rejects.toThrow(
      /Not a date/,
    );
    await expect(writeC24Exports(source, join(dir, "x"), { from: "2024-03-06", to: "2024-03-05" })).rejects.toThrow(
      /after/,
    );
    await expect(writeC24Exports(source, join(dir, "x"), { timezone: "Mars/Olympus" })).rejects.toThrow(RangeError);
  });
});

describe("text that looks like a formula", () => {
  it("is written as stored (not neutralised) and reads back the same", async () => {
    const wh = await Warehouse.open(join(dir, "formula.duckdb"));
    const copy = await Warehouse.open(join(dir, "formula-copy.duckdb"));
    try {
      await importAll(wh, FIXTURES, "Europe/Amsterdam");
      await wh.run(
        "UPDATE agents SET username = '=HYPERLINK(\"http://x\",\"y\")', first_name = '@SUM(A1)' WHERE agent_id = 'c24:11'",
      );
      await wh.run(
        "UPDATE conversations SET block_reason = '-1+2', success_code = '+cmd' WHERE conversation_id = 'c24:S2'",
      );
      const out = join(dir, "formula");
      await writeC24Exports(wh, out);
      expect(lines(out, "agents.csv")).toContain(
        '11,"=HYPERLINK(""http://x"",""y"")",@SUM(A1),Jansen,ava@example.com,100,0',
      );
      await importAll(copy, out, "UTC");
      const agent = await copy.query("SELECT username, first_name FROM agents WHERE agent_id = 'c24:11'");
      expect(agent).toEqual([{ username: '=HYPERLINK("http://x","y")', first_name: "@SUM(A1)" }]);
      const conv = await copy.query(
        "SELECT block_reason, success_code FROM conversations WHERE conversation_id = 'c24:S2'",
      );
      expect(conv).toEqual([{ block_reason: "-1+2", success_code: "+cmd" }]);
    } finally {
      await wh.close();
      await copy.close();
    }
  });
});

describe("a row the adapter would refuse", () => {
  it("is an error naming file, row, column and value, and leaves no file", async () => {
    const wh = await Warehouse.open(join(dir, "bad.duckdb"));
    try {
      await importAll(wh, FIXTURES, "Europe/Amsterdam");
      await wh.run("UPDATE agent_states SET campaign_id = NULL WHERE state_id = 'c24:activity:a2'");
      const out = join(dir, "bad");
      const err = await writeC24Exports(wh, out).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(C24ExportError);
      expect((err as C24ExportError).message).toBe(
        'agent-activity.csv: row c24:activity:a2: chatcampaign_id "" is empty, and Conversation24\'s export requires it',
      );
      expect(existsSync(join(out, "agent-activity.csv"))).toBe(false);
      expect(existsSync(join(out, "agent-activity.csv.partial"))).toBe(false);

      await wh.run("UPDATE agent_states SET campaign_id = 'c24:7' WHERE state_id = 'c24:activity:a2'");
      await wh.run("UPDATE traffic_hourly SET clicks = -1 WHERE entrypoint_id = 'c24:e1'");
      await expect(writeC24Exports(wh, out)).rejects.toThrow(
        /traffic\.csv: row c24:7\/c24:e1\/.*: clicks "-1" is negative/,
      );
      expect(existsSync(join(out, "traffic.csv"))).toBe(false);
    } finally {
      await wh.close();
    }
  });
});

describe("numbers", () => {
  it("are written without an exponent, and read back to the same double", () => {
    const cases: [number, string][] = [
      [12, "12"],
      [42.5, "42.5"],
      [0.1 + 0.2, "0.30000000000000004"],
      [1e-7, "0.0000001"],
      [1.5e-7, "0.00000015"],
      [-2.5e-8, "-0.000000025"],
      [1e21, "1000000000000000000000"],
    ];
    for (const [n, text] of cases) {
      expect(plainNumber(n)).toBe(text);
      expect(Number(text)).toBe(n);
    }
    expect(() => plainNumber(Number.NaN)).toThrow(RangeError);
  });
});
