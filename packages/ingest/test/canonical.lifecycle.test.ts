/**
 * The canonical format's tables of the conversation's life (issue 16): hand-written CSV files of
 * every new table load to exactly their rows, export to canonical CSV and load again unchanged (a
 * round trip), build the business calendar; a re-rating replaces the earlier rating (the natural
 * key: rating_id = survey_id); values that cannot be true are refused with file, line, column and
 * value, leaving the database as it was.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportTables, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-lifecycle-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `folder/name` and returns its path. */
function file(folder: string, name: string, text: string): string {
  mkdirSync(join(dir, folder), { recursive: true });
  const path = join(dir, folder, name);
  writeFileSync(path, text);
  return path;
}

/** The files of one conversation resolved, reopened and resolved again (all times UTC). */
const FILES: Record<string, string> = {
  "conversations.csv": [
    "conversation_id,campaign_id,started_at,ended_at,channel",
    "x:c1,x:k,2026-12-04 09:00:00,2026-12-07 10:00:00,chat",
  ].join("\n"),
  "messages.csv": [
    "message_id,conversation_id,seq,sent_at,sender,agent_id,kind",
    "x:m1,x:c1,1,2026-12-04 09:00:00,contact,,message",
    "x:m2,x:c1,2,2026-12-04 09:00:05,bot,,message",
    "x:m3,x:c1,3,2026-12-04 09:01:00,system,,activity",
    "x:m4,x:c1,4,2026-12-04 09:02:00,agent,x:a1,private",
    "x:m5,x:c1,5,2026-12-04 09:03:00,agent,x:a1,template",
    "x:m6,x:c1,6,2026-12-04 09:04:00,agent,x:a1,message",
    "x:m7,x:c1,7,2026-12-04 09:05:00,system,,automated",
    "x:m8,x:c1,8,2026-12-04 09:06:00,contact,,",
  ].join("\n"),
  "assignments.csv": [
    "assignment_id,conversation_id,seq,agent_id,assigned_at,missed,team_id",
    "x:s1,x:c1,1,x:a1,2026-12-04 09:01:00,false,x:t1",
    "x:s2,x:c1,2,x:a2,2026-12-04 09:10:00,false,x:t2",
  ].join("\n"),
  "conversation_events.csv": [
    "conversation_id,seq,event,occurred_at,actor_kind,actor_id,team_id",
    "x:c1,1,pending,2026-12-04 09:00:00,bot,bot,",
    "x:c1,2,handoff,2026-12-04 09:01:00,bot,bot,x:t1",
    "x:c1,3,resolved,2026-12-04 09:30:00,agent,x:a2,x:t2",
    "x:c1,4,reopened,2026-12-07 08:00:00,customer,,x:t2",
    "x:c1,5,resolved,2026-12-07 10:00:00,agent,x:a2,x:t2",
  ].join("\n"),
  "conversation_labels.csv": [
    "conversation_id,label,added_at,added_by_kind,added_by",
    "x:c1,billing,2026-12-04 09:00:05,bot,bot",
    "x:c1,vip,2026-12-04 09:30:00,agent,x:a2",
  ].join("\n"),
  "teams.csv": ["team_id,name,campaign_id", "x:t1,First line,x:k", "x:t2,Technical support,x:k"].join("\n"),
  "team_members.csv": [
    "team_id,agent_id,member_from,member_to",
    "x:t1,x:a1,2026-01-01 00:00:00,",
    "x:t1,x:a2,2026-01-01 00:00:00,2026-11-01 00:00:00",
    "x:t2,x:a2,2026-11-01 00:00:00,",
  ].join("\n"),
  "business_hours.csv": [
    "campaign_id,weekday,opens,closes,timezone",
    ...[1, 2, 3, 4, 5].map((d) => `x:k,${d},08:00,18:00,Europe/Amsterdam`),
  ].join("\n"),
  "business_holidays.csv": [
    "campaign_id,date,name,opens,closes",
    "x:k,2026-12-24,Christmas Eve,08:00,13:00",
    "x:k,2026-12-25,Christmas Day,,",
  ].join("\n"),
  "surveys.csv": ["survey_id,conversation_id,sent_at,channel", "x:v1,x:c1,2026-12-04 09:30:00,chat"].join("\n"),
  "ratings.csv": ["rating_id,conversation_id,rated_at,scale,value", "x:v1,x:c1,2026-12-04 09:35:00,1-5,2"].join("\n"),
};

const NEW_TABLES = [
  "conversation_events",
  "conversation_labels",
  "teams",
  "team_members",
  "business_hours",
  "business_holidays",
  "surveys",
] as const;

async function loadAll(wh: Warehouse, folder: string): Promise<void> {
  for (const [name, text] of Object.entries(FILES)) {
    const s = await importFile(wh, file(folder, name, text));
    expect(s.source, name).toBe("canonical");
  }
}

describe("canonical files of the conversation's life", () => {
  it("load exactly their rows, and count a resolve, reopen and resolve again as two resolutions", async () => {
    const wh = await Warehouse.open(join(dir, "load.duckdb"));
    try {
      await loadAll(wh, "load");
      expect(
        await wh.query(
          "SELECT seq, event, occurred_at, actor_kind, actor_id, team_id FROM conversation_events ORDER BY seq",
        ),
      ).toEqual([
        {
          seq: 1,
          event: "pending",
          occurred_at: "2026-12-04T09:00:00.000Z",
          actor_kind: "bot",
          actor_id: "bot",
          team_id: null,
        },
        {
          seq: 2,
          event: "handoff",
          occurred_at: "2026-12-04T09:01:00.000Z",
          actor_kind: "bot",
          actor_id: "bot",
          team_id: "x:t1",
        },
        {
          seq: 3,
          event: "resolved",
          occurred_at: "2026-12-04T09:30:00.000Z",
          actor_kind: "agent",
          actor_id: "x:a2",
          team_id: "x:t2",
        },
        {
          seq: 4,
          event: "reopened",
          occurred_at: "2026-12-07T08:00:00.000Z",
          actor_kind: "customer",
          actor_id: null,
          team_id: "x:t2",
        },
        {
          seq: 5,
          event: "resolved",
          occurred_at: "2026-12-07T10:00:00.000Z",
          actor_kind: "agent",
          actor_id: "x:a2",
          team_id: "x:t2",
        },
      ]);
      expect(
        await wh.query(
          "SELECT count(*) FILTER (WHERE event = 'resolved') AS resolutions, count(DISTINCT conversation_id) FILTER (WHERE event = 'resolved') AS conversations FROM conversation_events",
        ),
      ).toEqual([{ resolutions: 2, conversations: 1 }]);
      // Replies to the customer: kind 'message' (or no kind) from an agent: one of the four agent messages.
      expect(
        await wh.query("SELECT kind, count(*) AS n FROM messages WHERE sender = 'agent' GROUP BY kind ORDER BY kind"),
      ).toEqual([
        { kind: "message", n: 1 },
        { kind: "private", n: 1 },
        { kind: "template", n: 1 },
      ]);
      expect(await wh.query("SELECT message_id FROM messages WHERE kind IS NULL")).toEqual([{ message_id: "x:m8" }]);
      expect(await wh.query("SELECT assignment_id, team_id FROM assignments ORDER BY seq")).toEqual([
        { assignment_id: "x:s1", team_id: "x:t1" },
        { assignment_id: "x:s2", team_id: "x:t2" },
      ]);
      // The agent who moved: in t1 until 1 November, in t2 since.
      expect(
        await wh.query(
          "SELECT team_id FROM team_members WHERE agent_id = 'x:a2' AND member_from <= TIMESTAMP '2026-12-04 09:30:00' AND (member_to IS NULL OR member_to > TIMESTAMP '2026-12-04 09:30:00')",
        ),
      ).toEqual([{ team_id: "x:t2" }]);
      // Business seconds from the resolve (Fri 4 Dec 10:30 local) to the reopen (Mon 7 Dec 09:00 local):
      // Friday 10:30-18:00 (7.5 h) and Monday 08:00-09:00 (1 h) = 8.5 h.
      expect(
        await wh.query(
          `SELECT sum(epoch(least(open_end, TIMESTAMP '2026-12-07 08:00:00')) - epoch(greatest(open_start, TIMESTAMP '2026-12-04 09:30:00'))) AS s
           FROM business_open_intervals WHERE campaign_id = 'x:k' AND open_end > TIMESTAMP '2026-12-04 09:30:00' AND open_start < TIMESTAMP '2026-12-07 08:00:00'`,
        ),
      ).toEqual([{ s: 8.5 * 3600 }]);
      // CSAT response rate: ratings of surveyed conversations / surveys sent = 1 / 1.
      expect(
        await wh.query(
          "SELECT (SELECT count(*) FROM ratings WHERE rating_id IN (SELECT survey_id FROM surveys)) AS answered, (SELECT count(*) FROM surveys) AS sent",
        ),
      ).toEqual([{ answered: 1, sent: 1 }]);
    } finally {
      await wh.close();
    }
  });

  it("a re-rating replaces the earlier rating: one rating per survey, the latest value", async () => {
    const wh = await Warehouse.open(join(dir, "rerate.duckdb"));
    try {
      await loadAll(wh, "rerate");
      await importFile(
        wh,
        file(
          "rerate2",
          "ratings.csv",
          ["rating_id,conversation_id,rated_at,scale,value", "x:v1,x:c1,2026-12-04 12:00:00,1-5,5"].join("\n"),
        ),
      );
      expect(await wh.query("SELECT rating_id, rated_at, value FROM ratings")).toEqual([
        { rating_id: "x:v1", rated_at: "2026-12-04T12:00:00.000Z", value: 5 },
      ]);
    } finally {
      await wh.close();
    }
  });

  it("round-trip: exported as canonical CSV and loaded into a new file, every new table is unchanged", async () => {
    const a = await Warehouse.open(join(dir, "trip-a.duckdb"));
    const out = join(dir, "trip-out");
    const rows = (wh: Warehouse, t: string) => wh.query(`SELECT * EXCLUDE (import_id) FROM ${t} ORDER BY ALL`);
    const before: Record<string, unknown> = {};
    try {
      await loadAll(a, "trip");
      for (const t of [...NEW_TABLES, "messages", "assignments"]) before[t] = await rows(a, t);
      const owner = { close: async () => conn?.closeSync() };
      const [conn] = await a.attach(owner, 1);
      if (!conn) throw new Error("no connection");
      try {
        await exportTables(conn, { out, format: "csv", tables: [...NEW_TABLES, "messages", "assignments"] });
      } finally {
        conn.closeSync();
        a.detach(owner);
      }
    } finally {
      await a.close();
    }
    const b = await Warehouse.open(join(dir, "trip-b.duckdb"));
    try {
      const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter(
        (f) => f.isFile() && f.name.endsWith(".csv"),
      );
      for (const f of files) await importFile(b, join(f.parentPath, f.name), { source: "canonical" });
      for (const t of [...NEW_TABLES, "messages", "assignments"]) {
        expect((before[t] as unknown[]).length, t).toBeGreaterThan(0);
        expect(await rows(b, t), t).toEqual(before[t]);
      }
    } finally {
      await b.close();
    }
  });

  it("refuses values that cannot be true, naming file, line, column and value, and writes nothing", async () => {
    const wh = await Warehouse.open(join(dir, "bad.duckdb"));
    try {
      const before = await tableChecksums(wh);
      const reject = async (name: string, text: string) => {
        const err = await importFile(wh, file(`bad-${name}`, name, text)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IngestError);
        expect(await tableChecksums(wh)).toEqual(before);
        return (err as IngestError).issues.map((i) => [i.file, i.line, i.column, i.value]);
      };
      expect(
        await reject(
          "business_hours.csv",
          [
            "campaign_id,weekday,opens,closes,timezone",
            "k,8,08:00,18:00,Europe/Amsterdam",
            "k,1,8:00,18:00,Europe/Amsterdam",
            "k,2,18:00,08:00,Europe/Amsterdam",
            "k,3,08:00,24:00,Mars/Olympus",
          ].join("\n"),
        ),
      ).toEqual([
        ["business_hours.csv", 2, "weekday", "8"],
        ["business_hours.csv", 3, "opens", "8:00"],
        ["business_hours.csv", 4, "closes", "08:00"],
        ["business_hours.csv", 5, "timezone", "Mars/Olympus"],
      ]);
      expect(
        await reject(
          "conversation_events.csv",
          [
            "conversation_id,seq,event,occurred_at,actor_kind",
            "c,1,closed,2026-12-04 09:00:00,agent",
            "c,2,resolved,2026-12-04 09:00:00,robot",
          ].join("\n"),
        ),
      ).toEqual([
        ["conversation_events.csv", 2, "event", "closed"],
        ["conversation_events.csv", 3, "actor_kind", "robot"],
      ]);
      expect(
        await reject(
          "business_holidays.csv",
          ["campaign_id,date,opens,closes", "k,2026-13-01,,", "k,2026-12-24,08:00,"].join("\n"),
        ),
      ).toEqual([
        ["business_holidays.csv", 2, "date", "2026-13-01"],
        ["business_holidays.csv", 3, "closes", ""],
      ]);
    } finally {
      await wh.close();
    }
  });
});
