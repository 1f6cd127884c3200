/**
 * Malformed files against a database that already holds good data (every canonical table filled):
 * each one goes through `importFile` (auto-detection, and `--source` / `--mapping` where a user would
 * name them) and must be refused with an IngestError whose message names the file and whose issues
 * name line, column and value where the problem has them, with every table byte-for-byte unchanged
 * (row hashes of every table of the database, and the number of imports), in the same process that
 * then reads the next file. Files are written here, each in a folder of its own (canonical tables
 * come from file names), from the good fixtures with one defect each; expected issues are worked
 * out by hand from those fixtures. Duplicate keys within one file are accepted: the last row wins and
 * importing the file again changes nothing. Dates outside the years 1970-2099 are covered adapter by
 * adapter in years.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { YEAR_RANGE_REASON } from "@tallyline/warehouse/time";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatIssue, type ImportOptions, IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const here = import.meta.dirname;
const CALLS_TSV = join(here, "../../report-defs/test/fixtures/calls-small.tsv");
const C24_FILES = [
  "agent-activity.csv",
  "agent-performance.csv",
  "agents.csv",
  "conversations.csv",
  "hosts.csv",
  "invites.csv",
  "slots.csv",
  "traffic.csv",
];
const IBM = join(here, "fixtures/ibm/sessions.json");
const MAPPING = join(here, "fixtures/mapped/my-mapping.json");
const MAPPED_CSV = join(here, "fixtures/mapped/calls.csv");
const PWC_MAPPING = join(here, "../mappings/pwc-callcenter.json");
const PWC_HEADER =
  "Call Id,Agent,Date,Time,Topic,Answered (Y/N),Resolved,Speed of answer in seconds,AvgTalkDuration,Satisfaction rating";

const text = (path: string) => readFileSync(path, "utf8");
const c24 = (name: string) => text(join(here, "fixtures/c24", name));

const NUL = "contains a NUL character (shown as \\0): the file is damaged or not plain text";
const BINARY = "is a binary file, not text (for a workbook use an .xlsx mapping)";
const EMPTY = "the file is empty";
const NO_RECORDS = "the file has no data records";
const UNKNOWN = "matches no known export format";
const NOT_CLOSED = "opens a quote that is never closed: the file ends inside this value";
const TIMESTAMP = "is not a valid calendar date and time";
const missingColumn = (column: string, source: string) =>
  `expected column "${column}" for ${source} but the header does not have it`;

/** What must not change: every table's rows, and the number of imports. */
interface Snapshot {
  readonly tables: Record<string, string>;
  readonly imports: number;
}

/** One row or two of every conversation-life table (canonical format; docs/canonical-format.md); x:c2 began with the bot and was handed off (open), so conversation_live and conversation_bot hold a row. */
const LIFECYCLE: Record<string, string> = {
  "conversation_events.csv":
    "conversation_id,seq,event,occurred_at,actor_kind,actor_id,team_id\nx:c1,1,resolved,1999-02-01 09:30:00,agent,x:a1,x:t1\nx:c2,1,pending,1999-02-01 09:40:00,bot,bot,\nx:c2,2,handoff,1999-02-01 09:41:00,bot,bot,",
  "conversation_labels.csv":
    "conversation_id,label,added_at,added_by_kind,added_by\nx:c1,billing,1999-02-01 09:00:05,bot,bot",
  "teams.csv": "team_id,name,campaign_id\nx:t1,First line,x:k",
  "team_members.csv": "team_id,agent_id,member_from,member_to\nx:t1,x:a1,1999-01-01 00:00:00,",
  "business_hours.csv": "campaign_id,weekday,opens,closes,timezone\nx:k,1,08:00,18:00,Europe/Amsterdam",
  "business_holidays.csv": "campaign_id,date,name,opens,closes\nx:k,1999-02-02,Holiday,,",
  "surveys.csv": "survey_id,conversation_id,sent_at,channel\nx:v1,x:c1,1999-02-01 09:30:00,chat",
};

let dir: string;
let wh: Warehouse;
let before: Snapshot;
let folders = 0;
const pid = process.pid;

async function snapshot(): Promise<Snapshot> {
  const [row] = await wh.query<{ n: number }>("SELECT count(*) AS n FROM imports");
  return { tables: await tableChecksums(wh), imports: row?.n ?? -1 };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-bad-suite-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
  const good = [
    CALLS_TSV,
    ...C24_FILES.map((f) => join(here, "fixtures/c24", f)),
    IBM,
    join(here, "fixtures/canonical/quality_checks.csv"),
    join(here, "fixtures/canonical/call_check_results.csv"),
    // The results' calls: their start places the results in check_quality (a derived table).
    join(here, "fixtures/canonical/qa_calls.csv"),
  ];
  // The conversation-life tables (migration 22) in the canonical format, so they hold rows too.
  for (const [name, text] of Object.entries(LIFECYCLE)) {
    writeFileSync(join(dir, name), text);
    good.push(join(dir, name));
  }
  for (const file of good) expect((await importFile(wh, file)).status).toBe("imported");
  // Application state (the app_ tables) holds rows too: an import, good or bad, never touches it.
  await wh.run(`
    INSERT INTO app_users VALUES ('u1', 'a@example.com', NULL, 'admin', 'h', false, now()::TIMESTAMP, now()::TIMESTAMP, NULL);
    INSERT INTO app_sessions VALUES ('s1', 'h', 'u1', now()::TIMESTAMP, now()::TIMESTAMP, now()::TIMESTAMP);
    INSERT INTO app_api_keys VALUES ('k1', 'key', 'member', 'h', NULL, now()::TIMESTAMP, NULL, NULL, NULL);
    INSERT INTO app_setup_tokens VALUES ('t1', now()::TIMESTAMP, now()::TIMESTAMP, NULL);
    INSERT INTO app_segments VALUES ('g1', 'PS', NULL, '{"queue":["PS"]}', 'user', 'u1', now()::TIMESTAMP, now()::TIMESTAMP);
    INSERT INTO app_snapshots (snapshot_id, kind, mode, title, queries, options, creator_kind, creator_id, creator_role, created_at)
      VALUES ('n1', 'report', 'live', 'Offered', '[]', '{}', 'user', 'u1', 'admin', now()::TIMESTAMP);
    INSERT INTO app_links (link_id, token_hash, snapshot_id, label, creator_kind, creator_id, created_at, views)
      VALUES ('l1', 'h', 'n1', 'x', 'user', 'u1', now()::TIMESTAMP, 1);
    INSERT INTO app_link_views VALUES ('l1', '1999-02-01', 1);
    INSERT INTO app_narratives (narrative_id, name, scope_kind, scope_key, scope, period_from, period_to, timezone, status, author_kind, created_at)
      VALUES ('r1', 'R', 'campaign', 'c', '{}', '1999-02-01', '1999-02-28', 'UTC', 'running', 'cli', now()::TIMESTAMP);
    INSERT INTO app_narrative_usage VALUES ('u1', 'r1', 'm', 1, 1, now()::TIMESTAMP);
    INSERT INTO app_schedules (schedule_id, name, bundle, frequency, weekday, month_day, send_time, timezone, recipients,
        filters, enabled, signing_secret, owner_kind, owner_id, created_at, updated_at, options)
      VALUES ('sc1', 'Weekly', '{}', 'weekly', 1, NULL, '08:00', 'UTC', '["m@example.com"]', '{}', true, 's', 'user', 'u1',
        now()::TIMESTAMP, now()::TIMESTAMP, '{"attachments":{"pdf":true}}');
    INSERT INTO app_schedule_runs (run_id, schedule_id, period_key, period_from, period_to, due_at, trigger, status, late, attempts, recipients, created_at)
      VALUES ('run1', 'sc1', 'w', '1999-02-01', '1999-02-07', now()::TIMESTAMP, 'schedule', 'sent', false, 1, '[]', now()::TIMESTAMP);
    INSERT INTO app_unsubscribes VALUES ('sc1', 'm@example.com', 'h', now()::TIMESTAMP);`);
  before = await snapshot();
  // Every table holds rows, so that a write to any of them changes its checksum.
  for (const [table, sum] of Object.entries(before.tables)) expect(sum, table).not.toMatch(/^0:/);
  expect(before.imports).toBe(good.length);
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` as `name` into a new folder of its own and returns its path. */
function write(name: string, content: string | Buffer): string {
  const folder = join(dir, `case-${++folders}`);
  mkdirSync(folder);
  writeFileSync(join(folder, name), content);
  return join(folder, name);
}

/** `source` with its one occurrence of `from` replaced by `to`. */
function edit(source: string, from: string, to: string): string {
  expect(source.split(from), `"${from}" occurs once`).toHaveLength(2);
  return source.replace(from, to);
}

/**
 * Imports `path` and returns the IngestError it must raise, after checking that the process is the
 * same, the database unchanged, and that the message names `named` (the file, or the mapping at
 * fault) and, when it lists problems, each of the first ones with line, column and value. The
 * baseline then moves to the database as it is, so that a case that changed it fails on its own.
 */
async function rejected(path: string, options: ImportOptions = {}, named = basename(path)): Promise<IngestError> {
  const err = await importFile(wh, path, options).catch((e: unknown) => e);
  const after = await snapshot();
  const was = before;
  before = after;
  expect(process.pid).toBe(pid);
  expect(err).toBeInstanceOf(IngestError);
  expect(after).toEqual(was);
  const e = err as IngestError;
  expect(e.message).toContain(named);
  for (const issue of e.issues) expect(issue.file).toBe(named);
  if (e.message.startsWith("Rejected"))
    for (const issue of e.issues.slice(0, 5)) expect(e.message).toContain(formatIssue(issue));
  return e;
}

/** The single issue of a rejected import, with its code. */
async function oneIssue(path: string, options: ImportOptions = {}) {
  const e = await rejected(path, options);
  expect(e.issues).toHaveLength(1);
  return { code: e.code, ...e.issues[0] };
}

const at = (file: string, line: number, column: string, value: string, reason: string) => ({
  file,
  line,
  column,
  value,
  reason,
});

describe("columns", () => {
  it("wrong column: a Conversation24 Agents export whose username column is called user_name", async () => {
    const path = write("agents.csv", edit(c24("agents.csv"), "username", "user_name"));
    expect(await oneIssue(path)).toEqual({
      code: "bad_header",
      ...at("agents.csv", 1, "column 2 (username)", "user_name", missingColumn("username", "c24-agents")),
    });
  });

  it("missing column: a Traffic export without clicks (auto and --source c24-traffic)", async () => {
    // Column 7 of the seed's header is clicks; without it, the 7th name is chats.
    const cut = c24("traffic.csv")
      .split("\n")
      .map((l) => l.split(",").toSpliced(6, 1).join(","))
      .join("\n");
    const path = write("traffic.csv", cut);
    const expected = {
      code: "bad_header",
      ...at("traffic.csv", 1, "column 7 (clicks)", "chats", missingColumn("clicks", "c24-traffic")),
    };
    expect(await oneIssue(path)).toEqual(expected);
    expect(await oneIssue(path, { source: "c24-traffic" })).toEqual(expected);
  });

  it("missing column: a call log whose header lacks a column its mapping reads", async () => {
    const path = write("calls.csv", edit(text(MAPPED_CSV), "Wait (s)", "Wait"));
    const e = await rejected(path, { source: "mapped", mapping: MAPPING });
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual([
      at("calls.csv", 1, "Wait (s)", "", "the mapping reads this column but the header does not have it"),
    ]);
    expect(e.message).toContain("The header (line 1) has: Call ref, Date, Start, Agent, Line, Wait, Talk");
  });

  it("extra field: an anonbank row with an 18th field (auto and --source anonbank)", async () => {
    const path = write("calls.tsv", edit(text(CALLS_TSV), "8:05:40\t300\tALICE\r\n", "8:05:40\t300\tALICE\tEXTRA\r\n"));
    const expected = {
      code: "bad_rows",
      ...at("calls.tsv", 2, "column 18", "EXTRA", "row has 18 fields, header has 17: extra field"),
    };
    expect(await oneIssue(path)).toEqual(expected);
    expect(await oneIssue(path, { source: "anonbank" })).toEqual(expected);
  });

  it("extra column: a canonical calls.csv with a column the table does not have", async () => {
    const csv = "call_id,campaign_id,started_at,answered,abandoned,colour\nx:1,x,2024-03-05 09:00:00,true,false,red\n";
    const path = write("calls.csv", csv);
    const expected = {
      code: "bad_header",
      ...at("calls.csv", 1, "colour", "colour", "is not a column of calls (see docs/canonical-format.md)"),
    };
    expect(await oneIssue(path)).toEqual(expected);
    expect(await oneIssue(path, { source: "canonical" })).toEqual(expected);
  });

  it("columns of another export: the Hosts export imported with --source c24-agents", async () => {
    // A new export (other bytes than the imported fixture, which would be skipped as already imported).
    const path = write("hosts.csv", `${c24("hosts.csv")}504,300,new.example.com,\n`);
    const e = await rejected(path, { source: "c24-agents" });
    expect(e.code).toBe("bad_header");
    // The missing names the Agents export needs, by their position in its header, and what the Hosts
    // header has there (firstname, lastname and email may be missing: their values are optional).
    expect(e.issues).toEqual(
      [
        [2, "username", "account_id"],
        [7, "disabled", ""],
      ].map(([pos, name, value]) =>
        at("hosts.csv", 1, `column ${pos} (${name})`, String(value), missingColumn(String(name), "c24-agents")),
      ),
    );
  });

  it("columns in the wrong file type: the tab-separated anonbank log saved with pipes", async () => {
    // Tabs, commas and semicolons are the anonbank producers' delimiters (anonbank.formats.test.ts); '|' is not.
    const piped = text(CALLS_TSV).replaceAll("\t", "|");
    const header = piped.slice(0, piped.indexOf("\r\n"));
    const path = write("calls.txt", piped);
    expect(await oneIssue(path)).toEqual({
      code: "unknown_format",
      ...at("calls.txt", 1, "-", header.slice(0, 80), UNKNOWN),
    });
    // Named as anonbank, the whole line is one column: every tab-separated name is missing.
    const e = await rejected(path, { source: "anonbank" });
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual(
      header
        .split("|")
        .map((name, i) =>
          at("calls.txt", 1, `column ${i + 1} (${name})`, i === 0 ? header : "", missingColumn(name, "anonbank")),
        ),
    );
  });

  it("columns of another table: conversation columns in a canonical messages.csv", async () => {
    const path = write(
      "messages.csv",
      "conversation_id,campaign_id,started_at,channel\nc1,x,2024-03-05 10:00:00,chat\n",
    );
    const e = await rejected(path);
    expect(e.code).toBe("bad_header");
    const unknown = "is not a column of messages (see docs/canonical-format.md)";
    const missing = "is required in messages but the header does not have it";
    expect(e.issues).toEqual([
      at("messages.csv", 1, "started_at", "started_at", unknown),
      at("messages.csv", 1, "channel", "channel", unknown),
      at("messages.csv", 1, "message_id", "", missing),
      at("messages.csv", 1, "seq", "", missing),
      at("messages.csv", 1, "sender", "", missing),
    ]);
  });
});

describe("encodings", () => {
  const utf16 = Buffer.from(c24("agents.csv"), "utf16le");

  it("UTF-16 without a byte-order mark, named with --source c24-agents", async () => {
    expect(await oneIssue(write("agents.csv", utf16), { source: "c24-agents" })).toEqual({
      code: "unreadable",
      ...at(
        "agents.csv",
        1,
        "-",
        "",
        "is UTF-16 text (little-endian) without a byte-order mark: save it as UTF-8, or as UTF-16 with a byte-order mark",
      ),
    });
  });

  it("UTF-16 without a byte-order mark, auto-detected: the message says UTF-16", async () => {
    const e = await rejected(write("agents.csv", utf16));
    expect(e.message).toMatch(/UTF-16/);
  });

  it("binary garbage (auto and --source c24-hosts)", async () => {
    let seed = 12_345;
    const garbage = Buffer.alloc(4096, 0);
    for (let i = 0; i < garbage.length; i += 3) {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      garbage[i] = (seed >> 16) & 0xff;
    }
    const path = write("hosts.csv", garbage);
    // Detected or named, the answer is the same: not text.
    expect(await oneIssue(path)).toEqual({ code: "unreadable", ...at("hosts.csv", 1, "-", "", BINARY) });
    expect(await oneIssue(path, { source: "c24-hosts" })).toEqual({
      code: "unreadable",
      ...at("hosts.csv", 1, "-", "", BINARY),
    });
  });

  it("a NUL byte in the middle of a Hosts export's text (line 3)", async () => {
    const path = write("hosts.csv", edit(c24("hosts.csv"), "help.example.com", "help\u0000.example.com"));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("hosts.csv", 3, "hostname", "help\\0.example.com", NUL),
    });
  });

  it("a NUL byte past the first 8 KiB, where text is told from binary", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${1000 + i},100,host${i}.example.com,`);
    rows[399] = "1399,100,host\u0000399.example.com,";
    const path = write("hosts.csv", ["id,account_id,hostname,multiple_acc_id", ...rows].join("\n"));
    expect(readFileSync(path).indexOf(0)).toBeGreaterThan(8192);
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("hosts.csv", 401, "hostname", "host\\0399.example.com", NUL),
    });
  });

  it("a NUL byte in a canonical quality_checks.csv", async () => {
    const path = write("quality_checks.csv", "check_id,name\nqa:n1,Greeting\nqa:n2,Veri\u0000fy\n");
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("quality_checks.csv", 3, "name", "Veri\\0fy", NUL),
    });
  });
});

describe("quoting", () => {
  it("an unterminated quote: names the line it opens on, not the end of the file", async () => {
    const path = write("agents.csv", edit(c24("agents.csv"), "12,bram", '12,"bram'));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("agents.csv", 3, "username", '"bram,Bram,de Vries,bram@example.com,100,0', NOT_CLOSED),
    });
  });

  it("a quote inside an unquoted field", async () => {
    const path = write("agents.csv", edit(c24("agents.csv"), "12,bram", '12,br"am'));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at(
        "agents.csv",
        3,
        "username",
        'br"am,Bram,de Vries,bram@example.com,100,0',
        'has a quote inside a value that does not start with one (quote the whole value and double the inner quote: "a ""b""")',
      ),
    });
  });

  it("text after a closing quote", async () => {
    const path = write("agents.csv", edit(c24("agents.csv"), "12,bram", '12,"bram"s'));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at(
        "agents.csv",
        3,
        "username",
        '"bram"s,Bram,de Vries,bram@example.com,100,0',
        'has text after its closing quote (a quote inside a quoted value is written twice: "")',
      ),
    });
  });
});

describe("a 10 MB field", () => {
  const huge = "x".repeat(10 * 1024 * 1024);

  it("in a Conversation24 Hosts export: refused at 2 MB, its first 100 characters shown", async () => {
    const path = write("hosts.csv", edit(c24("hosts.csv"), "help.example.com", huge));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at(
        "hosts.csv",
        3,
        "hostname",
        `${"x".repeat(100)}...`,
        "makes its record longer than 2 MB (2,097,152 bytes): is a quote left open?",
      ),
    });
  });

  it("in a canonical quality_checks.csv", async () => {
    const path = write("quality_checks.csv", `check_id,name\nqa:b1,Short\nqa:b2,${huge}\n`);
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("quality_checks.csv", 3, "-", `qa:b2,${"x".repeat(94)}...`, "the line is longer than 2 MB"),
    });
  });
});

describe("wrong types", () => {
  it("text in a number: Traffic visits 'many'", async () => {
    const path = write("traffic.csv", edit(c24("traffic.csv"), "120,80,10,6", "many,80,10,6"));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("traffic.csv", 2, "visits", "many", "is not a whole number >= 0"),
    });
  });

  it("a comma decimal in a semicolon-separated call log read through a mapping", async () => {
    const path = write("calls.csv", edit(text(MAPPED_CSV), "ben;Billing;45;", "ben;Billing;45,5;"));
    expect(await oneIssue(path, { mapping: MAPPING })).toEqual({
      code: "bad_rows",
      ...at("calls.csv", 3, "Wait (s)", "45,5", "is not a number (seconds)"),
    });
  });

  it("a comma decimal in a Conversation24 record whose comment spans lines 3-4: named on line 3", async () => {
    // firstResponseTime gives the first response: a report reads it (a field no report reads only warns).
    const path = write("conversations.csv", edit(c24("conversations.csv"), ",Welcome,30,35,", ',Welcome,"30,5",35,'));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("conversations.csv", 3, "firstResponseTime", "30,5", "is not a number >= 0"),
    });
  });

  it("a boolean 'maybe': Agents disabled", async () => {
    const path = write("agents.csv", edit(c24("agents.csv"), "ava@example.com,100,0", "ava@example.com,100,maybe"));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("agents.csv", 2, "disabled", "maybe", "is not a yes/no value (1/0, yes/no, true/false)"),
    });
  });
});

describe("dates out of range", () => {
  const activity = c24("agent-activity.csv");

  it("year 0001 in an Agent activity export", async () => {
    const path = write("agent-activity.csv", edit(activity, "7,11,2024-03-05 12:30:00,", "7,11,0001-03-05 12:30:00,"));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("agent-activity.csv", 3, "time_start", "0001-03-05 12:30:00", TIMESTAMP),
    });
  });

  // The end of an agent state 975 years long: outside the years every adapter accepts (time.ts).
  it("year 2999 in an Agent activity export", async () => {
    const path = write(
      "agent-activity.csv",
      edit(activity, ",2024-03-05 13:00:00,Offline", ",2999-03-05 13:00:00,Offline"),
    );
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("agent-activity.csv", 3, "time_end", "2999-03-05 13:00:00", YEAR_RANGE_REASON),
    });
  });

  it("February 30 in a call log read through a mapping", async () => {
    const path = write("calls.csv", edit(text(MAPPED_CSV), "1002;02/03/2026", "1002;30/02/2026"));
    expect(await oneIssue(path, { mapping: MAPPING })).toEqual({
      code: "bad_rows",
      ...at("calls.csv", 3, "Date", "30/02/2026", "is not a calendar date"),
    });
  });

  it("25:00 in an IBM Twitter session's start", async () => {
    const json = edit(
      text(IBM),
      '"conversationDateTime": "2020-04-01T10:00:00.000Z"',
      '"conversationDateTime": "2020-04-01T25:00:00.000Z"',
    );
    expect(await oneIssue(write("sessions.json", json))).toEqual({
      code: "bad_rows",
      ...at("sessions.json", 1, "[0].dialogHeader.conversationDateTime", "2020-04-01T25:00:00.000Z", TIMESTAMP),
    });
  });
});

describe("empty and cut files", () => {
  it("an empty file (0 bytes; auto and --source c24-agents)", async () => {
    const path = write("agents.csv", "");
    const expected = { code: "empty", ...at("agents.csv", 1, "-", "", EMPTY) };
    expect(await oneIssue(path)).toEqual(expected);
    expect(await oneIssue(path, { source: "c24-agents" })).toEqual(expected);
  });

  it("a header only (auto and --source c24-agents)", async () => {
    const path = write("agents.csv", `${c24("agents.csv").split("\n")[0]}\n`);
    const expected = { code: "empty", ...at("agents.csv", 2, "-", "", NO_RECORDS) };
    expect(await oneIssue(path)).toEqual(expected);
    expect(await oneIssue(path, { source: "c24-agents" })).toEqual(expected);
  });

  it("whitespace only (auto and --source c24-agents)", async () => {
    const path = write("agents.csv", "  \n\t\n   \r\n");
    const expected = { code: "empty", ...at("agents.csv", 1, "-", "", EMPTY) };
    expect(await oneIssue(path)).toEqual(expected);
    expect(await oneIssue(path, { source: "c24-agents" })).toEqual(expected);
  });

  it("cut in the middle of a row: the last row of an Agent performance export has 13 of 23 fields", async () => {
    const perf = c24("agent-performance.csv");
    const path = write("agent-performance.csv", perf.slice(0, perf.length - 40));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("agent-performance.csv", 4, "open_duration", "", "row has 13 fields, header has 23: the row is truncated"),
    });
  });

  it("cut in the middle of a quoted field, after its line break: named where the quote opens", async () => {
    const conv = c24("conversations.csv");
    const path = write("conversations.csv", conv.slice(0, conv.indexOf("then transferred")));
    expect(await oneIssue(path)).toEqual({
      code: "bad_rows",
      ...at("conversations.csv", 3, "survey_comment", '"Waited ""forever""', NOT_CLOSED),
    });
  });
});

describe("JSON", () => {
  it("JSON cut short inside a string", async () => {
    const json = text(IBM);
    const cut = json.slice(0, json.indexOf("same here"));
    expect(await oneIssue(write("sessions.json", cut))).toEqual({
      code: "unreadable",
      ...at(
        "sessions.json",
        20,
        "-",
        '        "message": "@Alice_W @AcmeCare ',
        expect.stringMatching(/^is not JSON: Unterminated string in JSON at position \d+/),
      ),
    });
  });

  it("a .json file that is not JSON (auto and --source ibm-twitter)", async () => {
    const path = write("sessions.json", "this is not JSON {\n");
    expect(await oneIssue(path)).toEqual({
      code: "unknown_format",
      ...at("sessions.json", 1, "-", "this is not JSON {", UNKNOWN),
    });
    expect(await oneIssue(path, { source: "ibm-twitter" })).toEqual({
      code: "unreadable",
      ...at("sessions.json", 1, "-", "this is not JSON {", expect.stringMatching(/^is not JSON: Unexpected token/)),
    });
  });

  it("JSON of the wrong shape: an object holding the sessions (auto and --source ibm-twitter)", async () => {
    const json = JSON.stringify({ sessions: JSON.parse(text(IBM)) });
    const path = write("sessions.json", json);
    expect(await oneIssue(path)).toEqual({
      code: "unknown_format",
      ...at("sessions.json", 1, "-", json.slice(0, 80), UNKNOWN),
    });
    expect(await oneIssue(path, { source: "ibm-twitter" })).toEqual({
      code: "unreadable",
      ...at("sessions.json", 1, "(root)", json.slice(0, 40), "is not a JSON array of sessions"),
    });
  });

  it("an escaped NUL (\\u0000) in JSON strings: a message's text and a field the adapter ignores", async () => {
    const sessions = JSON.parse(text(IBM));
    sessions[0].dialogContent[1].message = "same\u0000here";
    sessions[2].agentURL["doc id"] = "\u0000";
    const json = JSON.stringify(sessions, null, 2);
    expect(json).toContain('"same\\u0000here"'); // JSON.stringify escapes the NUL
    const e = await rejected(write("sessions.json", json));
    expect(e.code).toBe("bad_rows");
    const reason =
      "contains a NUL character (written \\u0000, shown as \\0): text never holds one, the file is damaged";
    expect(e.issues).toEqual([
      at("sessions.json", 1, "[0].dialogContent[1].message", "same\\0here", reason),
      at("sessions.json", 3, '[2].agentURL["doc id"]', "\\0", reason),
    ]);
  });

  it("JSON of the wrong shape inside sessions: a number for a date, a string for a list", async () => {
    const sessions = JSON.parse(text(IBM));
    sessions[0].dialogHeader.conversationDateTime = 1585735200;
    sessions[1].dialogContent = "hello";
    const e = await rejected(write("sessions.json", JSON.stringify(sessions, null, 2)));
    expect(e.code).toBe("bad_rows");
    expect(e.issues).toEqual([
      at(
        "sessions.json",
        1,
        "[0].dialogHeader.conversationDateTime",
        "1585735200",
        "is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM:SS[.fff][Z])",
      ),
      at("sessions.json", 2, "[1].dialogContent", "hello", "is not an array"),
    ]);
  });
});

describe("workbooks and mappings", () => {
  it("an .xlsx that is really a CSV (auto, and with the PwC workbook's mapping)", async () => {
    const csv = `${PWC_HEADER}\nID0001,Diane,2021-01-01,9:12:58,Contract related,Y,Y,109,0:02:23,3\n`;
    const path = write("calls.xlsx", csv);
    expect(await oneIssue(path)).toEqual({
      code: "unknown_format",
      ...at("calls.xlsx", 1, "-", PWC_HEADER.slice(0, 80), UNKNOWN),
    });
    expect(await oneIssue(path, { mapping: PWC_MAPPING })).toEqual({
      code: "unreadable",
      ...at(
        "calls.xlsx",
        1,
        "-",
        `${PWC_HEADER.slice(0, 80)}...`,
        'is not an .xlsx workbook but a text file (a CSV file named .xlsx? read it with a mapping whose format is { "type": "csv" })',
      ),
    });
  });

  it("a corrupt .xlsx (the workbook's zip cut in half) with its mapping", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(PWC_HEADER.split(","));
    ws.addRow(["ID0001", "Diane", "2021-01-01", "9:12:58", "Contract related", "Y", "Y", 109, "0:02:23", 3]);
    const full = Buffer.from(await wb.xlsx.writeBuffer());
    await new ExcelJS.Workbook().xlsx.load(full as unknown as ArrayBuffer); // whole, it is a workbook
    const path = write("calls.xlsx", full.subarray(0, full.length >> 1));
    expect(await oneIssue(path, { mapping: PWC_MAPPING })).toEqual({
      code: "unreadable",
      ...at("calls.xlsx", 1, "-", "", "is not an .xlsx workbook (Corrupted zip: can't find end of central directory)"),
    });
  });

  it("a mapping file that is not JSON", async () => {
    const mapping = write("bad-mapping.json", '{ "format": { "type": "csv" }, "source": "acme",');
    const e = await rejected(write("calls.csv", text(MAPPED_CSV)), { mapping }, "bad-mapping.json");
    expect(e.code).toBe("unknown_format");
    expect(e.message).toBe("Invalid mapping bad-mapping.json: it is not JSON");
    expect(e.issues).toEqual([
      at(
        "bad-mapping.json",
        1,
        "(root)",
        "",
        expect.stringMatching(/^Expected double-quoted property name in JSON at position 48/),
      ),
    ]);
  });

  it("a mapping file that does not fit the format: a misspelt zone, a text for a boolean, an unknown field", async () => {
    const m = JSON.parse(text(MAPPING));
    m.timezone = "Europe/Amstredam";
    m.fields.answered.map.ANS = "yes";
    m.fields.colour = "Line";
    const mapping = write("bad-mapping.json", JSON.stringify(m, null, 2));
    const e = await rejected(write("calls.csv", text(MAPPED_CSV)), { mapping }, "bad-mapping.json");
    expect(e.code).toBe("unknown_format");
    expect(e.issues).toEqual([
      at("bad-mapping.json", 1, "timezone", "Europe/Amstredam", "is not an IANA time zone"),
      at("bad-mapping.json", 1, "fields.answered.map.ANS", "yes", "Invalid input: expected boolean, received string"),
      at("bad-mapping.json", 1, "fields", JSON.stringify(m.fields), 'Unrecognized key: "colour"'),
    ]);
  });
});

describe("Parquet", () => {
  it("a Parquet file with the wrong columns, written by DuckDB (auto and --source canonical)", async () => {
    const path = write("conversations.parquet", "");
    await wh.run(`COPY (SELECT 1 AS id, 'x' AS name, 3.5 AS score) TO '${path}' (FORMAT parquet)`);
    const unknown = "is not a column of conversations (see docs/canonical-format.md)";
    const missing = "is required in conversations but the header does not have it";
    const expected = [
      ...["id", "name", "score"].map((c) => at("conversations.parquet", 1, c, c, unknown)),
      ...["conversation_id", "campaign_id", "started_at", "channel"].map((c) =>
        at("conversations.parquet", 1, c, "", missing),
      ),
    ];
    for (const options of [{}, { source: "canonical" }]) {
      const e = await rejected(path, options);
      expect(e.code).toBe("bad_header");
      expect(e.issues).toEqual(expected);
    }
  });
});

describe("values that cannot be true: refused with file, line, column and value", () => {
  /** A canonical CSV of `table` whose line 3 (its second row) breaks a rule: the one issue it gives. */
  async function canonicalCase(table: string, header: string, good: string, bad: string) {
    const path = write(`${table}.csv`, `${header}\n${good}\n${bad}\n`);
    return oneIssue(path);
  }
  const row = (file: string, column: string, value: string, reason: string) => ({
    code: "bad_rows",
    ...at(file, 3, column, value, reason),
  });

  describe("canonical tables (the fast path falls back to the careful one, which names each)", () => {
    const NEGATIVE = "is negative: a count, duration or length is 0 or more";

    it("a call that ends before it starts; a negative wait; a CSAT of 6", async () => {
      const header = "call_id,campaign_id,started_at,ended_at,wait_secs,csat,answered,abandoned";
      const good = "r:1,r,2024-03-05 09:00:00,2024-03-05 09:05:00,10,5,true,false";
      expect(
        await canonicalCase("calls", header, good, "r:2,r,2024-03-05 09:00:00,2024-03-05 08:59:59,10,5,true,false"),
      ).toEqual(
        row("calls.csv", "ended_at", "2024-03-05 08:59:59", "is before started_at: a call cannot end before it starts"),
      );
      expect(
        await canonicalCase("calls", header, good, "r:2,r,2024-03-05 09:00:00,2024-03-05 09:05:00,-0.5,5,true,false"),
      ).toEqual(row("calls.csv", "wait_secs", "-0.5", NEGATIVE));
      expect(
        await canonicalCase("calls", header, good, "r:2,r,2024-03-05 09:00:00,2024-03-05 09:05:00,10,6,true,false"),
      ).toEqual(row("calls.csv", "csat", "6", "is not on the 1-5 scale"));
    });

    it("a conversation that ends before it starts; a negative message count", async () => {
      const header = "conversation_id,campaign_id,started_at,ended_at,channel,message_count";
      const good = "r:1,r,2024-03-05 09:00:00,2024-03-05 09:05:00,chat,3";
      expect(
        await canonicalCase("conversations", header, good, "r:2,r,2024-03-05T10:00:00Z,2024-03-05T09:00:00Z,chat,3"),
      ).toEqual(
        row(
          "conversations.csv",
          "ended_at",
          "2024-03-05T09:00:00Z",
          "is before started_at: a conversation cannot end before it starts",
        ),
      );
      expect(
        await canonicalCase("conversations", header, good, "r:2,r,2024-03-05 09:00:00,2024-03-05 09:05:00,chat,-1"),
      ).toEqual(row("conversations.csv", "message_count", "-1", NEGATIVE));
    });

    it("a first response or a close before its assignment", async () => {
      const header = "assignment_id,conversation_id,seq,assigned_at,first_response_at,closed_at,missed";
      const good = "r:1:1,r:1,1,2024-03-05 09:00:00,2024-03-05 09:01:00,2024-03-05 09:10:00,false";
      expect(
        await canonicalCase(
          "assignments",
          header,
          good,
          "r:2:1,r:2,1,2024-03-05 09:00:00,2024-03-05 08:59:00,2024-03-05 09:10:00,false",
        ),
      ).toEqual(
        row(
          "assignments.csv",
          "first_response_at",
          "2024-03-05 08:59:00",
          "is before assigned_at: a first response cannot come before its assignment",
        ),
      );
      expect(
        await canonicalCase("assignments", header, good, "r:2:1,r:2,1,2024-03-05 09:00:00,,2024-03-05 08:00:00,false"),
      ).toEqual(
        row(
          "assignments.csv",
          "closed_at",
          "2024-03-05 08:00:00",
          "is before assigned_at: an assignment cannot close before it is made",
        ),
      );
    });

    it("ratings off their scale: thumbs 2, face 0, 1-5 of 4.5, an unknown scale", async () => {
      const header = "rating_id,conversation_id,scale,value";
      const good = "r:1,r:1,thumbs,1";
      const cases: [string, string, string, string][] = [
        ["r:2,r:2,thumbs,2", "value", "2", "is not on the thumbs scale (0 down, 1 up)"],
        ["r:2,r:2,face,0", "value", "0", "is not on the face scale (1 bad, 2 moderate, 3 good)"],
        ["r:2,r:2,1-5,4.5", "value", "4.5", "is not on the 1-5 scale"],
        ["r:2,r:2,stars,4", "scale", "stars", "is not a rating scale: thumbs, face or 1-5"],
      ];
      for (const [bad, column, value, reason] of cases)
        expect(await canonicalCase("ratings", header, good, bad), bad).toEqual(
          row("ratings.csv", column, value, reason),
        );
    });

    it("a state or a shift that ends before it starts; negative counts; a score over 100; a message at position 0", async () => {
      expect(
        await canonicalCase(
          "agent_states",
          "state_id,origin,agent_id,state,time_start,time_end",
          "r:1,activity,r:a,online,2024-03-05 09:00:00,2024-03-05 10:00:00",
          "r:2,activity,r:a,online,2024-03-05 09:00:00,2024-03-05 08:00:00",
        ),
      ).toEqual(
        row(
          "agent_states.csv",
          "time_end",
          "2024-03-05 08:00:00",
          "is before time_start: a state cannot end before it begins",
        ),
      );
      expect(
        await canonicalCase(
          "agent_shifts",
          "workshift_id,campaign_id,agent_id,workshift_start,num_chats",
          "w1,r,r:a,2024-03-05 09:00:00,4",
          "w2,r,r:a,2024-03-05 09:00:00,-4",
        ),
      ).toEqual(row("agent_shifts.csv", "num_chats", "-4", NEGATIVE));
      expect(
        await canonicalCase(
          "traffic_hourly",
          "campaign_id,entrypoint_id,hour_begin_time,visits,views,clicks,chats",
          "r,e,2024-03-05 09:00:00,1,1,1,1",
          "r,e,2024-03-05 10:00:00,1,-1,1,1",
        ),
      ).toEqual(row("traffic_hourly.csv", "views", "-1", NEGATIVE));
      expect(
        await canonicalCase(
          "call_check_results",
          "call_id,check_id,passed,score",
          "r:c1,r:k,true,100",
          "r:c2,r:k,true,100.5",
        ),
      ).toEqual(row("call_check_results.csv", "score", "100.5", "is not a score from 0 to 100"));
      expect(
        await canonicalCase(
          "messages",
          "message_id,conversation_id,seq,sender",
          "r:1:1,r:1,1,contact",
          "r:1:0,r:1,0,contact",
        ),
      ).toEqual(row("messages.csv", "seq", "0", "is below 1: positions count from 1"));
    });
  });

  it("Conversation24: an activity that ends before it starts, a negative first response time, a score of 6", async () => {
    const activity = edit(
      c24("agent-activity.csv"),
      "2024-03-05 12:30:00,2024-03-05 13:00:00",
      "2024-03-05 12:30:00,2024-03-05 12:00:00",
    );
    expect(await oneIssue(write("agent-activity.csv", activity))).toEqual(
      row("agent-activity.csv", "time_end", "2024-03-05 12:00:00", "is before time_start"),
    );
    const conv = c24("conversations.csv");
    expect(
      await oneIssue(write("conversations.csv", edit(conv, ",button,Help button,8,8,", ",button,Help button,-8,8,"))),
    ).toEqual({
      code: "bad_rows",
      ...at("conversations.csv", 6, "firstResponseTime", "-8", "is not a number >= 0"),
    });
    expect(
      await oneIssue(write("conversations.csv", edit(conv, ",refund,4,,Visitor 3,", ",refund,6,,Visitor 3,"))),
    ).toEqual({
      code: "bad_rows",
      ...at(
        "conversations.csv",
        6,
        "survey_result",
        "6",
        "is not a survey answer (good, moderate, bad, up, down, or 1 to 5)",
      ),
    });
  });

  it("IBM Twitter: an agent reply before its session starts", async () => {
    const json = edit(text(IBM), '"datetime": "2020-04-02T08:10:00.000Z"', '"datetime": "2020-04-02T07:10:00.000Z"');
    expect(await oneIssue(write("sessions.json", json))).toEqual({
      code: "bad_rows",
      ...at(
        "sessions.json",
        2,
        "[1].dialogContent[1].datetime",
        "2020-04-02T07:10:00.000Z",
        "is before the session's start ([1].dialogHeader.conversationDateTime 2020-04-02T08:00:00.000Z)",
      ),
    });
  });

  it("anonbank: a service exit before the call's entry; a negative queue time", async () => {
    const log = text(CALLS_TSV);
    // Line 2: entered 8:00:00, served 8:00:40 to 8:05:40.
    const backwards = edit(log, "AGENT\t8:00:40\t8:05:40\t300", "AGENT\t8:00:40\t7:05:40\t300");
    expect(await oneIssue(write("calls.tsv", backwards))).toEqual({
      code: "bad_rows",
      ...at("calls.tsv", 2, "ser_exit", "7:05:40", "is before vru_entry 8:00:00: a call cannot end before it starts"),
    });
    const negative = edit(log, "8:00:10\t8:00:40\t30\tAGENT", "8:00:10\t8:00:40\t-30\tAGENT");
    expect(await oneIssue(write("calls.tsv", negative))).toEqual({
      code: "bad_rows",
      ...at("calls.tsv", 2, "q_time", "-30", "is negative"),
    });
  });

  it("a call log through a mapping: an end before the start, a CSAT of 6, a negative talk time", async () => {
    const m = JSON.parse(text(MAPPING));
    m.fields.ended_at = { date: "Date", time: "End" };
    const mapping = write("with-end.json", JSON.stringify(m));
    const log = text(MAPPED_CSV)
      .split("\n")
      .map((l, i) => (l === "" ? l : `${l};${i === 0 ? "End" : i === 2 ? "09:00:00" : "23:59:59"}`))
      .join("\n");
    // Line 3 (call 1002) starts at 09:05:00 and would end at 09:00:00.
    expect(await oneIssue(write("calls.csv", log), { mapping })).toEqual({
      code: "bad_rows",
      ...at(
        "calls.csv",
        3,
        "End",
        "09:00:00",
        "is before started_at (2026-03-02T08:05:00.000Z): a call cannot end before it starts",
      ),
    });
    expect(
      await oneIssue(write("calls.csv", edit(text(MAPPED_CSV), "ANS;N;3", "ANS;N;6")), { mapping: MAPPING }),
    ).toEqual({
      code: "bad_rows",
      ...at("calls.csv", 3, "Score", "6", "is not on the 1-5 scale"),
    });
    expect(
      await oneIssue(write("calls.csv", edit(text(MAPPED_CSV), "ben;Billing;45;0:02:00", "ben;Billing;45;-0:02:00")), {
        mapping: MAPPING,
      }),
    ).toEqual({
      code: "bad_rows",
      ...at("calls.csv", 3, "Talk", "-0:02:00", "is negative"),
    });
  });
});

describe("accepted: duplicate rows inside one file keep the last; importing the file again changes nothing", () => {
  it("a Hosts export naming host 504 twice", async () => {
    const csv = [
      "id,account_id,hostname,multiple_acc_id",
      "504,300,first.example.com,",
      "505,300,other.example.com,",
      "504,300,second.example.com,h-9",
    ].join("\n");
    const path = write("hosts.csv", csv);
    expect((await importFile(wh, path)).rowsByTable).toEqual({ hosts: 2 });
    expect(
      await wh.query("SELECT host_id, account_id, hostname, multiple_acc_id FROM hosts WHERE host_id >= 'c24:504'"),
    ).toEqual([
      { host_id: "c24:504", account_id: "c24:300", hostname: "second.example.com", multiple_acc_id: "c24:h-9" },
      { host_id: "c24:505", account_id: "c24:300", hostname: "other.example.com", multiple_acc_id: null },
    ]);
    before = await snapshot();
    expect((await importFile(wh, path)).status).toBe("unchanged");
    expect(await snapshot()).toEqual(before);
  });

  it("a canonical quality_checks.csv naming check qa:dup twice", async () => {
    const path = write("quality_checks.csv", "check_id,name\nqa:dup,First name\nqa:other,Other\nqa:dup,Last name\n");
    expect((await importFile(wh, path)).rowsByTable).toEqual({ quality_checks: 2 });
    expect(await wh.query("SELECT name FROM quality_checks WHERE check_id = 'qa:dup'")).toEqual([
      { name: "Last name" },
    ]);
    before = await snapshot();
    expect((await importFile(wh, path)).status).toBe("unchanged");
    expect(await snapshot()).toEqual(before);
  });
});

it("the same process imports a good file after every rejected one", async () => {
  const csv = `${c24("traffic.csv").split("\n")[0]}\n9,2024-03-06 09:00:00,e9,After,1,1,1,1\n`;
  const summary = await importFile(wh, write("traffic.csv", csv));
  expect(summary).toMatchObject({ status: "imported", rowsByTable: { traffic_hourly: 1 } });
  expect(process.pid).toBe(pid);
  const [row] = await wh.query<{ n: number }>("SELECT count(*) AS n FROM imports");
  expect(row?.n).toBe(before.imports + 1);
});
