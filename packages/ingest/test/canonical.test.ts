/**
 * The canonical format: the same three conversations (test/fixtures/canonical/conversations.csv and
 * the hand-written conversations.ndjson) load to the same rows, as does a Parquet export of them;
 * the expected values are read off the fixture by hand. Then: repeated keys (last wins), a second
 * file replacing rows, the `source` column, and which file names name a table.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalAdapter } from "../src/adapters/canonical/index";
import { namedTarget } from "../src/adapters/canonical/tables";
import { IngestError, importFile } from "../src/index";

const FIXTURES = join(import.meta.dirname, "fixtures/canonical");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-canonical-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh database in the temp folder. */
async function fresh(name: string): Promise<Warehouse> {
  return Warehouse.open(join(dir, `${name}.duckdb`));
}

/** Writes `text` to the temp folder as `name` and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const CONVERSATIONS = `SELECT conversation_id, source, campaign_id, contact_id, started_at, ended_at, channel, language,
  handled_by, message_count, duration_secs, blocked, visitor_identifier FROM conversations ORDER BY conversation_id`;

/** The fixture's three conversations, as written in the CSV and NDJSON files. */
const EXPECTED = [
  {
    conversation_id: "web:1",
    source: "canonical",
    campaign_id: "web:sales",
    contact_id: "web:v1",
    started_at: "2024-03-05T09:00:00.000Z",
    ended_at: "2024-03-05T09:04:30.000Z",
    channel: "chat",
    language: "en",
    handled_by: "agent",
    message_count: 6,
    duration_secs: 270,
    blocked: false,
    visitor_identifier: 'visitor one, from "Ads"',
  },
  {
    conversation_id: "web:2",
    source: "canonical",
    campaign_id: "web:sales",
    contact_id: null,
    started_at: "2024-03-05T23:59:59.250Z",
    ended_at: null,
    channel: "chat",
    language: "nl",
    handled_by: "bot",
    message_count: 2,
    duration_secs: null,
    blocked: null,
    visitor_identifier: null,
  },
  {
    conversation_id: "web:3",
    source: "canonical",
    campaign_id: "web:support",
    contact_id: "web:v2",
    started_at: "2024-03-06T00:30:00.000Z",
    ended_at: "2024-03-06T01:00:00.000Z",
    channel: "whatsapp",
    language: null,
    handled_by: "hybrid",
    message_count: 12,
    duration_secs: 1800.5,
    blocked: true,
    visitor_identifier: "two\nlines",
  },
];

describe("formats", () => {
  it("CSV, NDJSON and JSONL give the same rows, detected by name and header", async () => {
    for (const name of ["conversations.csv", "conversations.ndjson"]) {
      const wh = await fresh(name);
      const s = await importFile(wh, join(FIXTURES, name));
      expect(s).toMatchObject({ source: "canonical", rowsByTable: { conversations: 3 } });
      expect(await wh.query(CONVERSATIONS), name).toEqual(EXPECTED);
      await wh.close();
    }
  });

  it("a Parquet export of the table loads back to the same rows, with the new import's id", async () => {
    const wh = await fresh("export");
    await importFile(wh, join(FIXTURES, "conversations.csv"));
    const parquet = join(dir, "conversations.parquet");
    await wh.run(`COPY (SELECT * FROM conversations) TO '${parquet}' (FORMAT parquet)`);
    await wh.close();
    const back = await fresh("parquet");
    const s = await importFile(back, parquet);
    expect(s).toMatchObject({ source: "canonical", rowsByTable: { conversations: 3 } });
    expect(await back.query(CONVERSATIONS)).toEqual(EXPECTED);
    expect(await back.query("SELECT DISTINCT import_id FROM conversations")).toEqual([{ import_id: s.importId }]);
    await back.close();
  });

  it("a timestamp with an offset is converted to UTC; a date alone is midnight UTC", async () => {
    const wh = await fresh("offsets");
    const path = file(
      "agent_states.csv",
      [
        "state_id,origin,agent_id,state,time_start,time_end",
        "s1,activity,a1,online,2024-03-31T01:30:00+01:00,2024-04-01",
        "s2,activity,a1,offline,2024-03-05T04:00:00-05:00,2024-03-05 09:00:00.5Z",
        "s3,activity,a1,online,2024-03-05T04:00:00-0500,2024-03-05 09:00:01",
        // Monrovia's offset until 1972 has seconds; the plain cast would drop it silently.
        "s4,activity,a1,online,1971-05-03T00:00:00-00:44:30,1971-05-03 01:00:00",
      ].join("\n"),
    );
    await importFile(wh, path);
    expect(await wh.query("SELECT state_id, time_start, time_end FROM agent_states ORDER BY 1")).toEqual([
      { state_id: "s1", time_start: "2024-03-31T00:30:00.000Z", time_end: "2024-04-01T00:00:00.000Z" },
      { state_id: "s2", time_start: "2024-03-05T09:00:00.000Z", time_end: "2024-03-05T09:00:00.500Z" },
      { state_id: "s3", time_start: "2024-03-05T09:00:00.000Z", time_end: "2024-03-05T09:00:01.000Z" },
      { state_id: "s4", time_start: "1971-05-03T00:44:30.000Z", time_end: "1971-05-03T01:00:00.000Z" },
    ]);
    await wh.close();
  });
});

describe("keys, sources and replacement", () => {
  it("values only the careful path reads ('007', '12.0', '1e3', ' TRUE ') load as the same values", async () => {
    // The one-scan fast path accepts a whole number only as written plainly and hands any other
    // spelling to the careful path, which must give what the documented rules say.
    const wh = await fresh("spellings");
    const text = [
      "conversation_id,campaign_id,started_at,channel,message_count,duration_secs,blocked",
      "s:1,k,2024-03-05 09:00:00,chat,007,1e2,  TRUE ",
      "s:2,k,2024-03-05 09:00:00,chat,12.0,2.5,false",
      "s:3,k,2024-03-05 09:00:00,chat,1e3,0,False",
    ].join("\n");
    await importFile(wh, file("spellings_conversations.csv", text), { source: "canonical" });
    expect(
      await wh.query("SELECT conversation_id, message_count, duration_secs, blocked FROM conversations ORDER BY 1"),
    ).toEqual([
      { conversation_id: "s:1", message_count: 7, duration_secs: 100, blocked: true },
      { conversation_id: "s:2", message_count: 12, duration_secs: 2.5, blocked: false },
      { conversation_id: "s:3", message_count: 1000, duration_secs: 0, blocked: false },
    ]);
    await wh.close();
  });

  it("a key repeated within a file keeps the last row (also for a two-column key)", async () => {
    const wh = await fresh("dups");
    const messages = file(
      "messages.csv",
      [
        "message_id,conversation_id,seq,sender,text",
        "m1,c1,1,contact,first",
        "m2,c1,2,agent,second",
        "m1,c1,1,contact,first again",
        "m3,c1,3,contact,third",
        "m1,c1,1,contact,first, last time",
      ].join("\n"),
    );
    const e = await importFile(wh, messages).catch((x: unknown) => x);
    // "first, last time" is unquoted: the row has one field too many, which rejects the file.
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).issues).toEqual([
      {
        file: "messages.csv",
        line: 6,
        column: "column 6",
        value: "m1,c1,1,contact,first, last time",
        reason: "the row has more fields than the header",
      },
    ]);
    writeFileSync(
      messages,
      `message_id,conversation_id,seq,sender,text
m1,c1,1,contact,first
m2,c1,2,agent,second
m1,c1,1,contact,first again
m3,c1,3,contact,third
m1,c1,1,contact,"first, last time"
`,
    );
    expect((await importFile(wh, messages)).rowsByTable).toEqual({ messages: 3 });
    expect(await wh.query("SELECT message_id, text FROM messages ORDER BY 1")).toEqual([
      { message_id: "m1", text: "first, last time" },
      { message_id: "m2", text: "second" },
      { message_id: "m3", text: "third" },
    ]);
    const results = file(
      "call_check_results.csv",
      "call_id,check_id,passed,score\nk1,q1,true,90\nk1,q2,false,10\nk1,q1,false,20\n",
    );
    expect((await importFile(wh, results)).rowsByTable).toEqual({ call_check_results: 2 });
    expect(await wh.query("SELECT call_id, check_id, passed, score FROM call_check_results ORDER BY 2")).toEqual([
      { call_id: "k1", check_id: "q1", passed: false, score: 20 },
      { call_id: "k1", check_id: "q2", passed: false, score: 10 },
    ]);
    await wh.close();
  });

  it("a later file replaces the rows whose keys it carries (whole rows, its last row per key) and adds the others", async () => {
    const wh = await fresh("replace");
    await importFile(wh, join(FIXTURES, "conversations.csv"));
    const update = file(
      "conversations.update.csv",
      [
        "conversation_id,campaign_id,started_at,channel,language",
        "web:2,web:sales,2024-03-05 23:59:59.250,chat,fr",
        "web:4,web:sales,2024-03-07 08:00:00,chat,en",
        "web:2,web:sales,2024-03-05 23:59:59.250,chat,de",
      ].join("\n"),
    );
    const s = await importFile(wh, update);
    expect(s).toMatchObject({ source: "canonical", rowsByTable: { conversations: 2 } });
    expect(
      await wh.query(
        "SELECT conversation_id, language, message_count, import_id = $1 AS updated FROM conversations ORDER BY 1",
        [s.importId],
      ),
    ).toEqual([
      { conversation_id: "web:1", language: "en", message_count: 6, updated: false },
      { conversation_id: "web:2", language: "de", message_count: null, updated: true },
      { conversation_id: "web:3", language: null, message_count: 12, updated: false },
      { conversation_id: "web:4", language: "en", message_count: null, updated: true },
    ]);
    await wh.close();
  });

  it("a source value in the file is kept, an empty one is 'canonical'; import_id is always the import's", async () => {
    const wh = await fresh("source");
    const path = file(
      "agents.csv",
      "agent_id,source,import_id,username,disabled\nx:1,totalview,old-import,ann,false\nx:2,,,bob,TRUE\n",
    );
    const s = await importFile(wh, path);
    expect(
      await wh.query("SELECT agent_id, source, import_id = $1 AS ours, disabled FROM agents ORDER BY 1", [s.importId]),
    ).toEqual([
      { agent_id: "x:1", source: "totalview", ours: true, disabled: false },
      { agent_id: "x:2", source: "canonical", ours: true, disabled: true },
    ]);
    await wh.close();
  });
});

describe("file names", () => {
  it("name the table exactly, or as a word of the name", () => {
    expect(namedTarget("Messages.JSONL")).toEqual({ format: "ndjson", tables: ["messages"], exact: true });
    expect(namedTarget("2024-05_calls.csv")).toEqual({ format: "csv", tables: ["calls"], exact: false });
    expect(namedTarget("export.call_check_results.parquet")).toMatchObject({ tables: ["call_check_results"] });
    expect(namedTarget("calls-and-messages.csv").tables).toEqual(["calls", "messages"]);
    expect(namedTarget("recalls.csv").tables).toEqual([]);
    expect(namedTarget("imports.csv").tables).toEqual([]);
    expect(namedTarget("calls.txt").format).toBeUndefined();
  });

  it("a non-canonical file named like a table scores low, so its own adapter wins", () => {
    const text = "session_id,campaign_id,created,visitor\n1,2,3,4\n";
    const probe = { name: "conversations.csv", bytes: Buffer.from(text), text };
    expect(canonicalAdapter.detect(probe).score).toBe(0.25);
    const fitting = "conversation_id,campaign_id,started_at,channel\n";
    expect(canonicalAdapter.detect({ ...probe, text: fitting, bytes: Buffer.from(fitting) }).score).toBe(1);
    expect(canonicalAdapter.detect({ ...probe, name: "my_conversations.csv", text }).score).toBe(0);
  });

  it("a relaxed name loads with --source canonical; a name naming two tables or none is refused", async () => {
    const wh = await fresh("names");
    const header = "agent_id,username,disabled\na1,ann,false\n";
    expect((await importFile(wh, file("2024-05 agents.csv", header), { source: "canonical" })).rowsByTable).toEqual({
      agents: 1,
    });
    for (const [name, reason] of [
      ["agents-and-calls.csv", /names several tables \(calls, agents\)|names several tables \(agents, calls\)/],
      ["people.csv", /names no canonical table/],
      ["agents.txt", /extension is not/],
    ] as const) {
      const text = `${header}a2,${name},false\n`; // distinct bytes, or the SHA-256 check would skip it
      const e = await importFile(wh, file(name, text), { source: "canonical" }).catch((x: unknown) => x);
      expect(e, name).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe("unknown_format");
      expect((e as IngestError).message).toMatch(reason);
    }
    await wh.close();
  });
});
