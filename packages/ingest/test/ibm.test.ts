/**
 * The IBM Twitter customer-care adapter on a hand-made file (test/fixtures/ibm/sessions.json), every
 * expected row worked out by hand from the fixture, and malformed files rejected with a JSON path as
 * the column and the database unchanged.
 *
 * The fixture: three sessions of two companies.
 * - S1 AcmeCare, 2020-04-01 10:00Z, duration 01:30:00: Alice_W, then bob (client1), then the final
 *   reply signed "^JS" (no timestamp). messageCount 3.
 * - S2 AcmeCare, 2020-04-02 08:00Z, duration "-03:00:00." (negative: unusable): alice_w (the same
 *   contact as Alice_W), an agent reply signed "*MS" at 08:10, alice_w again ("@AcmeCare 12345 😀",
 *   17 code points but 18 UTF-16 units), then an unsigned final reply. messageCount 4.
 * - S3 ShopHelp, 2020-04-03 12:00Z, duration 00:00:30.5: carol, then the final reply signed
 *   "~ Olivia". messageCount 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSignature } from "../src/adapters/ibm-twitter/signature";
import { type ImportSummary, IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const FIXTURE = join(import.meta.dirname, "fixtures/ibm/sessions.json");
const P = "ibm-twitter:";
let dir: string;
let wh: Warehouse;
let summary: ImportSummary;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-ibm-"));
  wh = await Warehouse.open(join(dir, "ibm.duckdb"));
  summary = await importFile(wh, FIXTURE);
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (sql: string) => wh.query(sql);

describe("the hand-made sessions", () => {
  it("is detected by content and gives 3 conversations with 3 + 4 + 2 = 9 messages", () => {
    expect(summary).toMatchObject({ source: "ibm-twitter", status: "imported" });
    expect(summary.rowsByTable).toEqual({
      campaigns: 2,
      conversations: 3,
      messages: 9,
      agents: 3,
      contacts: 3,
      assignments: 3,
    });
  });

  it("warns once, for S2's negative duration, and records the warning with the import", async () => {
    const warning = {
      file: "sessions.json",
      line: 2,
      column: "[1].dialogHeader.duration",
      value: "-03:00:00.",
      reason:
        "is negative, and a session cannot end before it starts: duration_secs and ended_at are left empty (the session's rows are kept)",
    };
    expect(summary.warnings).toEqual({ total: 1, first: [warning] });
    const [row] = await rows(`SELECT warnings FROM imports WHERE import_id = '${summary.importId}'`);
    expect(JSON.parse(String(row?.warnings))).toEqual({ total: 1, first: [warning] });
  });

  it("companies are twitter campaigns", async () => {
    expect(await rows("SELECT campaign_id, name, channel FROM campaigns ORDER BY 1")).toEqual([
      { campaign_id: `${P}AcmeCare`, name: "AcmeCare", channel: "twitter" },
      { campaign_id: `${P}ShopHelp`, name: "ShopHelp", channel: "twitter" },
    ]);
  });

  it("sessions are conversations; ended_at = start + duration, NULL for a negative duration", async () => {
    expect(
      await rows(`SELECT conversation_id, campaign_id, contact_id, started_at, ended_at, channel, handled_by,
                         first_agent_id, last_agent_id, message_count, duration_secs
                  FROM conversations ORDER BY 1`),
    ).toEqual([
      {
        conversation_id: `${P}S1`,
        campaign_id: `${P}AcmeCare`,
        contact_id: `${P}alice_w`,
        started_at: "2020-04-01T10:00:00.000Z",
        ended_at: "2020-04-01T11:30:00.000Z",
        channel: "twitter",
        handled_by: "agent",
        first_agent_id: `${P}AcmeCare:JS`,
        last_agent_id: `${P}AcmeCare:JS`,
        message_count: 3,
        duration_secs: 5400,
      },
      {
        conversation_id: `${P}S2`,
        campaign_id: `${P}AcmeCare`,
        contact_id: `${P}alice_w`,
        started_at: "2020-04-02T08:00:00.000Z",
        ended_at: null,
        channel: "twitter",
        handled_by: "agent",
        first_agent_id: `${P}AcmeCare:MS`,
        last_agent_id: null,
        message_count: 4,
        duration_secs: null,
      },
      {
        conversation_id: `${P}S3`,
        campaign_id: `${P}ShopHelp`,
        contact_id: `${P}carol`,
        started_at: "2020-04-03T12:00:00.000Z",
        ended_at: "2020-04-03T12:00:30.500Z",
        channel: "twitter",
        handled_by: "agent",
        first_agent_id: `${P}ShopHelp:Olivia`,
        last_agent_id: `${P}ShopHelp:Olivia`,
        message_count: 2,
        duration_secs: 30.5,
      },
    ]);
  });

  it("every message, the final reply last with no timestamp; agents from signatures", async () => {
    expect(
      await rows(`SELECT message_id, seq, sent_at, sender, agent_id, length_chars, contact_id, campaign_id
                  FROM messages ORDER BY conversation_id, seq`),
    ).toEqual(
      [
        [`${P}S1:1`, 1, "2020-04-01T10:00:00.000Z", "contact", null, 26, `${P}alice_w`, `${P}AcmeCare`],
        [`${P}S1:2`, 2, "2020-04-01T10:05:00.000Z", "contact", null, 28, `${P}bob`, `${P}AcmeCare`],
        [`${P}S1:3`, 3, null, "agent", `${P}AcmeCare:JS`, 76, null, `${P}AcmeCare`],
        [`${P}S2:1`, 1, "2020-04-02T08:00:00.000Z", "contact", null, 21, `${P}alice_w`, `${P}AcmeCare`],
        [`${P}S2:2`, 2, "2020-04-02T08:10:00.000Z", "agent", `${P}AcmeCare:MS`, 29, null, `${P}AcmeCare`],
        [`${P}S2:3`, 3, "2020-04-02T08:20:00.000Z", "contact", null, 17, `${P}alice_w`, `${P}AcmeCare`],
        [`${P}S2:4`, 4, null, "agent", null, 35, null, `${P}AcmeCare`],
        [`${P}S3:1`, 1, "2020-04-03T12:00:00.000Z", "contact", null, 29, `${P}carol`, `${P}ShopHelp`],
        [`${P}S3:2`, 2, null, "agent", `${P}ShopHelp:Olivia`, 36, null, `${P}ShopHelp`],
      ].map(([message_id, seq, sent_at, sender, agent_id, length_chars, contact_id, campaign_id]) => ({
        message_id,
        seq,
        sent_at,
        sender,
        agent_id,
        length_chars,
        contact_id,
        campaign_id,
      })),
    );
    const [text] = await rows(`SELECT text FROM messages WHERE message_id = '${P}S3:2'`);
    expect(text?.text).toBe("@carol Please send us a DM. ~ Olivia");
  });

  it("agents per company signature; contacts per handle, case-insensitive, first spelling and earliest time", async () => {
    expect(await rows("SELECT agent_id, username, disabled FROM agents ORDER BY 1")).toEqual([
      { agent_id: `${P}AcmeCare:JS`, username: "JS", disabled: false },
      { agent_id: `${P}AcmeCare:MS`, username: "MS", disabled: false },
      { agent_id: `${P}ShopHelp:Olivia`, username: "Olivia", disabled: false },
    ]);
    expect(await rows("SELECT contact_id, display_name, first_seen_at, campaign_id FROM contacts ORDER BY 1")).toEqual([
      {
        contact_id: `${P}alice_w`,
        display_name: "Alice_W",
        first_seen_at: "2020-04-01T10:00:00.000Z",
        campaign_id: `${P}AcmeCare`,
      },
      {
        contact_id: `${P}bob`,
        display_name: "bob",
        first_seen_at: "2020-04-01T10:05:00.000Z",
        campaign_id: `${P}AcmeCare`,
      },
      {
        contact_id: `${P}carol`,
        display_name: "carol",
        first_seen_at: "2020-04-03T12:00:00.000Z",
        campaign_id: `${P}ShopHelp`,
      },
    ]);
  });

  it("one assignment per conversation, for the first agent message", async () => {
    expect(
      await rows(`SELECT assignment_id, conversation_id, seq, agent_id, assigned_at, first_response_at, missed, campaign_id
                  FROM assignments ORDER BY 1`),
    ).toEqual([
      {
        assignment_id: `${P}S1:1`,
        conversation_id: `${P}S1`,
        seq: 1,
        agent_id: `${P}AcmeCare:JS`,
        assigned_at: "2020-04-01T10:00:00.000Z",
        first_response_at: null,
        missed: false,
        campaign_id: `${P}AcmeCare`,
      },
      {
        assignment_id: `${P}S2:1`,
        conversation_id: `${P}S2`,
        seq: 1,
        agent_id: `${P}AcmeCare:MS`,
        assigned_at: "2020-04-02T08:00:00.000Z",
        first_response_at: "2020-04-02T08:10:00.000Z",
        missed: false,
        campaign_id: `${P}AcmeCare`,
      },
      {
        assignment_id: `${P}S3:1`,
        conversation_id: `${P}S3`,
        seq: 1,
        agent_id: `${P}ShopHelp:Olivia`,
        assigned_at: "2020-04-03T12:00:00.000Z",
        first_response_at: null,
        missed: false,
        campaign_id: `${P}ShopHelp`,
      },
    ]);
  });

  it("importing the same sessions again changes nothing; a renamed copy replaces the same keys", async () => {
    const before = await tableChecksums(wh);
    expect((await importFile(wh, FIXTURE)).status).toBe("unchanged");
    expect(await tableChecksums(wh)).toEqual(before);
    const copy = join(dir, "copy.json");
    writeFileSync(copy, `${readFileSync(FIXTURE, "utf8")}\n`);
    expect((await importFile(wh, copy)).rowsByTable.messages).toBe(9);
    const after = await tableChecksums(wh);
    // Same row counts; only import_id changed (and the imports log has one more row).
    const counts = (c: Record<string, string>) =>
      Object.fromEntries(Object.entries(c).map(([t, v]) => [t, Number(v.split(":")[0])]));
    const was = counts(before);
    expect(counts(after)).toEqual({ ...was, imports: (was.imports ?? 0) + 1 });
  });
});

describe("signatures", () => {
  it.each([
    ["Thanks! ^JS", "JS"],
    ["Let us know. *MS", "MS"],
    ["community.~ Olivia", "Olivia"],
    ["Thank you. -Rene", "Rene"],
    ["Update us with the result. -Shie 3/3", "Shie"],
    ["Let us know if you need further help. \u2013Jeh", "Jeh"],
    ["Thanks for the tag /EX", "EX"],
    ["https://support.zoom.us/hc/en-us/articles/203435537-Mute-All", undefined],
    ["Hope this helps to clarify. Jason", undefined],
    ["avoid character limitation. _Rjay", undefined],
    ["no signature here", undefined],
  ])("%s -> %s", (text, expected) => {
    expect(agentSignature(text)).toBe(expected);
  });
});

describe("timestamps without an offset", () => {
  it("are read in the import's time zone", async () => {
    const d = mkdtempSync(join(tmpdir(), "tl-ibm-tz-"));
    const w = await Warehouse.open(join(d, "t.duckdb"));
    const path = join(d, "local.json");
    // 2020-04-01 12:00 in Amsterdam (summer time, UTC+2) is 10:00 UTC.
    writeFileSync(path, readFileSync(FIXTURE, "utf8").replaceAll("2020-04-01T10:00:00.000Z", "2020-04-01T12:00:00"));
    await importFile(w, path, { timezone: "Europe/Amsterdam" });
    expect(await w.query(`SELECT started_at FROM conversations WHERE conversation_id = '${P}S1'`)).toEqual([
      { started_at: "2020-04-01T10:00:00.000Z" },
    ]);
    await w.close();
    rmSync(d, { recursive: true, force: true });
  });
});

describe("malformed files are rejected and leave the database unchanged", () => {
  const good = readFileSync(FIXTURE, "utf8");
  type Session = { dialogHeader?: Record<string, unknown>; dialogContent: Record<string, unknown>[] };
  /** The fixture's three sessions, parsed afresh (to be spoiled by a test). */
  const sessions = () => JSON.parse(good) as [Session, Session, Session];

  async function reject(name: string, text: string): Promise<IngestError> {
    const before = await tableChecksums(wh);
    const path = join(dir, name);
    writeFileSync(path, text);
    const err = await importFile(wh, path, { source: "ibm-twitter" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(await tableChecksums(wh)).toEqual(before);
    return err as IngestError;
  }

  it("not JSON: names the line of the syntax error", async () => {
    const e = await reject("broken.json", good.replace('"messageCount": "4",', '"messageCount": "4",,'));
    expect(e.code).toBe("unreadable");
    const line = good.split("\n").findIndex((l) => l.includes('"messageCount": "4"')) + 1;
    expect(e.issues[0]).toMatchObject({ file: "broken.json", line, reason: expect.stringMatching(/^is not JSON/) });
  });

  it("not an array", async () => {
    const e = await reject("object.json", '{"dialogHeader": {}}');
    expect(e.issues[0]).toMatchObject({ line: 1, column: "(root)", reason: "is not a JSON array of sessions" });
  });

  it("a missing dialogHeader, a bad date and a bad message time: line = session number, column = JSON path", async () => {
    const [s1, s2, s3] = sessions();
    s1.dialogHeader = { ...s1.dialogHeader, conversationDateTime: "2020-02-30T10:00:00Z" };
    delete s2.dialogHeader;
    s3.dialogContent[0] = { ...s3.dialogContent[0], datetime: "03/04/2020 12:00" };
    const e = await reject("bad.json", JSON.stringify([s1, s2, s3], null, 2));
    expect(e.code).toBe("bad_rows");
    expect(e.issues).toEqual([
      {
        file: "bad.json",
        line: 1,
        column: "[0].dialogHeader.conversationDateTime",
        value: "2020-02-30T10:00:00Z",
        reason: "is not a valid calendar date and time",
      },
      { file: "bad.json", line: 2, column: "[1].dialogHeader", value: "", reason: "is missing" },
      {
        file: "bad.json",
        line: 3,
        column: "[2].dialogContent[0].datetime",
        value: "03/04/2020 12:00",
        reason: "is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM:SS[.fff][Z])",
      },
    ]);
  });

  it("a message without a sender (a bad messageCount and a bad duration are only warnings)", async () => {
    const [s1, ...rest] = sessions();
    s1.dialogHeader = { ...s1.dialogHeader, messageCount: "three", duration: "1h30" };
    s1.dialogContent[1] = { datetime: "2020-04-01T10:05:00Z", message: "?" };
    const e = await reject("bad2.json", JSON.stringify([s1, ...rest]));
    expect(e.issues.map((i) => [i.line, i.column, i.reason])).toEqual([
      [1, "[0].dialogContent[1]", "must have exactly one of client, client1, agent"],
    ]);
  });

  it("a message timed before its session's start: its first response would precede its assignment", async () => {
    const [s1, s2, s3] = sessions();
    // S2's agent reply (dialogContent[1]) at 07:59, a minute before conversationDateTime 08:00.
    s2.dialogContent[1] = { ...s2.dialogContent[1], datetime: "2020-04-02T07:59:00.000Z" };
    const e = await reject("early.json", JSON.stringify([s1, s2, s3]));
    expect(e.code).toBe("bad_rows");
    expect(e.issues).toEqual([
      {
        file: "early.json",
        line: 2,
        column: "[1].dialogContent[1].datetime",
        value: "2020-04-02T07:59:00.000Z",
        reason: "is before the session's start ([1].dialogHeader.conversationDateTime 2020-04-02T08:00:00.000Z)",
      },
    ]);
  });

  it("an empty array is an empty file", async () => {
    expect((await reject("empty.json", "[]")).code).toBe("empty");
  });
});

describe("values no report needs: a warning, the session kept", () => {
  const good = readFileSync(FIXTURE, "utf8");
  type Session = { dialogHeader?: Record<string, unknown>; dialogContent: Record<string, unknown>[] };
  const sessions = () => JSON.parse(good) as [Session, Session, Session];

  it("an unreadable messageCount is counted, an unreadable duration left empty: warnings, the session kept", async () => {
    const [s1, s2, s3] = sessions();
    s1.dialogHeader = { ...s1.dialogHeader, messageCount: "three", duration: "1h30" };
    // S3's only timed message is at its start: a one-second session is fine.
    s3.dialogHeader = { ...s3.dialogHeader, duration: "00:00:01.0" };
    const path = join(dir, "soft.json");
    writeFileSync(path, JSON.stringify([s1, s2, s3], null, 2));
    const s = await importFile(wh, path);
    expect(s.warnings.first.map((w) => [w.line, w.column, w.value])).toEqual([
      [1, "[0].dialogHeader.duration", "1h30"],
      [1, "[0].dialogHeader.messageCount", "three"],
      [2, "[1].dialogHeader.duration", "-03:00:00."],
    ]);
    expect(s.warnings.first[1]?.reason).toBe(
      "is not a whole number >= 0: message_count is the session's messages counted instead",
    );
    expect(
      await rows(`SELECT message_count, duration_secs, ended_at FROM conversations WHERE conversation_id = '${P}S1'`),
    ).toEqual([{ message_count: 3, duration_secs: null, ended_at: null }]);
    expect(await rows(`SELECT duration_secs, ended_at FROM conversations WHERE conversation_id = '${P}S3'`)).toEqual([
      { duration_secs: 1, ended_at: "2020-04-03T12:00:01.000Z" },
    ]);
  });

  it("a duration that ends the session before one of its messages is left empty, with a warning", async () => {
    const [s1, s2, s3] = sessions();
    // S1's second message is at 10:05; a duration of 00:04:00 would end it at 10:04.
    s1.dialogHeader = { ...s1.dialogHeader, duration: "00:04:00.0" };
    const path = join(dir, "short.json");
    writeFileSync(path, JSON.stringify([s1, s2, s3], null, 2));
    const s = await importFile(wh, path);
    expect(s.warnings.first[0]).toEqual({
      file: "short.json",
      line: 1,
      column: "[0].dialogHeader.duration",
      value: "00:04:00.0",
      reason:
        "ends the session at 2020-04-01T10:04:00.000Z, before its message of 2020-04-01T10:05:00.000Z: duration_secs and ended_at are left empty (the session's rows are kept)",
    });
    expect(await rows(`SELECT duration_secs, ended_at FROM conversations WHERE conversation_id = '${P}S1'`)).toEqual([
      { duration_secs: null, ended_at: null },
    ]);
  });
});
