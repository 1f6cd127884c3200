import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  appTables,
  canonicalTables,
  DERIVED_TABLES,
  migrations,
  upsertRows,
  Warehouse,
  WarehouseError,
} from "../src/index";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-wh-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The tables migration 22 creates (issue 16). */
const MIGRATION_22_TABLES = [
  "conversation_events",
  "conversation_labels",
  "teams",
  "team_members",
  "business_hours",
  "business_holidays",
  "surveys",
  "business_open_intervals",
];

describe("Warehouse", () => {
  it("migrates a new file to exactly the columns schema.ts and app-schema.ts declare", async () => {
    const wh = await Warehouse.open(join(dir, "t.duckdb"));
    const rows = await wh.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position",
    );
    const expected = Object.entries({ ...canonicalTables, ...appTables }).flatMap(([table, spec]) =>
      Object.entries(spec.columns).map(([column, c]) => ({
        table_name: table,
        column_name: column,
        data_type: c.type,
        is_nullable: c.nullable ? "YES" : "NO",
      })),
    );
    const sort = (a: { table_name: string }, b: { table_name: string }) => a.table_name.localeCompare(b.table_name);
    expect(rows.sort(sort)).toEqual(expected.sort(sort));
    await wh.close();
  });

  it("records migrations once and reopens without re-running them", async () => {
    const path = join(dir, "t.duckdb");
    const a = await Warehouse.open(path);
    await a.close();
    const b = await Warehouse.open(path);
    expect(await b.query("SELECT version FROM schema_migrations ORDER BY version")).toEqual(
      migrations.map((m) => ({ version: m.version })),
    );
    await b.close();
  });

  it("upgrades a version-1 database in place, keeping its rows", async () => {
    const path = join(dir, "old.duckdb");
    const v1 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version === 1) });
    await v1.run(
      "INSERT INTO campaigns (campaign_id, source, import_id, name, channel) VALUES ('c1', 's', 'i', 'Old', 'call')",
    );
    await v1.close();
    const now = await Warehouse.open(path);
    expect(await now.query("SELECT name FROM campaigns")).toEqual([{ name: "Old" }]);
    expect(await now.query("SELECT count(*) AS n FROM conversations")).toEqual([{ n: 0 }]);
    await now.close();
  });

  it("migration 11 builds the per-entity quarter-hour summaries from the rows a version-10 file holds", async () => {
    const path = join(dir, "v10.duckdb");
    const v10 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 10) });
    await v10.run(`INSERT INTO conversations (conversation_id, source, import_id, campaign_id, contact_id, started_at, channel, served)
      VALUES ('c1', 's', 'i', 'k', 'u1', '2026-03-01 10:05:00', 'chat', true), ('c2', 's', 'i', 'k', 'u1', '2026-03-01 12:40:00', 'chat', NULL)`);
    await v10.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, contact_id)
      VALUES ('m1', 's', 'i', 'c1', 1, '2026-03-01 10:06:00', 'contact', 'u1'), ('m2', 's', 'i', 'c1', 2, '2026-03-01 10:31:00', 'bot', NULL)`);
    await v10.close();
    const now = await Warehouse.open(path);
    expect(await now.query("SELECT * EXCLUDE (conversation_id) FROM conversation_quarters ORDER BY ALL")).toEqual([
      { quarter_start: "2026-03-01T10:00:00.000Z", previous_quarter: null, messages: 1 },
      {
        quarter_start: "2026-03-01T10:30:00.000Z",
        previous_quarter: "2026-03-01T10:00:00.000Z",
        messages: 1,
      },
    ]);
    expect(await now.query("SELECT * EXCLUDE (contact_id) FROM contact_message_quarters")).toEqual([
      { quarter_start: "2026-03-01T10:00:00.000Z", previous_quarter: null },
    ]);
    expect(
      await now.query(
        "SELECT quarter_start, previous_quarter, served_conversations, previous_served_quarter FROM contact_conversation_quarters ORDER BY ALL",
      ),
    ).toEqual([
      {
        quarter_start: "2026-03-01T10:00:00.000Z",
        previous_quarter: null,
        served_conversations: 1,
        previous_served_quarter: null,
      },
      {
        quarter_start: "2026-03-01T12:30:00.000Z",
        previous_quarter: "2026-03-01T10:00:00.000Z",
        served_conversations: 0,
        previous_served_quarter: "2026-03-01T10:00:00.000Z",
      },
    ]);
    await now.close();
  });

  it("migration 12 adds imports.warnings to a version-11 file, keeping its imports (warnings NULL)", async () => {
    const path = join(dir, "v11.duckdb");
    const v11 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 11) });
    await v11.run(`INSERT INTO imports (import_id, source, file_name, sha256, started_at, finished_at, rows_by_table, status)
      VALUES ('i1', 'anonbank', 'calls.tsv', 'abc', '2026-03-01 10:00:00', '2026-03-01 10:00:01', '{"calls": 2}', 'succeeded')`);
    expect(
      await v11.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'imports'"),
    ).not.toContainEqual({ column_name: "warnings" });
    await v11.close();
    const now = await Warehouse.open(path);
    expect(await now.query("SELECT import_id, rows_by_table, warnings FROM imports")).toEqual([
      { import_id: "i1", rows_by_table: '{"calls": 2}', warnings: null },
    ]);
    await now.run(`UPDATE imports SET warnings = '{"total": 1, "first": []}' WHERE import_id = 'i1'`);
    expect(await now.query("SELECT warnings->>'total' AS total FROM imports")).toEqual([{ total: "1" }]);
    await now.close();
  });

  it("migration 21 lets app_snapshots.kind be 'narrative' on a version-18 file, keeping its snapshots and checks", async () => {
    const path = join(dir, "v18.duckdb");
    const v18 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 18) });
    const row = (id: string, kind: string) =>
      `INSERT INTO app_snapshots (snapshot_id, kind, mode, title, queries, options, creator_kind, creator_id, creator_role, created_at)
       VALUES ('${id}', '${kind}', 'snapshot', 'T', '[]', '{}', 'user', 'u1', 'member', '2026-12-01 10:00:00')`;
    await v18.run(row("s1", "report"));
    await expect(v18.run(row("s2", "narrative"))).rejects.toThrow(/CHECK/i);
    await v18.close();
    const now = await Warehouse.open(path);
    expect(await now.query("SELECT snapshot_id, kind, title FROM app_snapshots")).toEqual([
      { snapshot_id: "s1", kind: "report", title: "T" },
    ]);
    await now.run(row("s2", "narrative"));
    await expect(now.run(row("s3", "bogus"))).rejects.toThrow(/CHECK/i);
    await expect(now.run(row("s1", "page"))).rejects.toThrow(/PRIMARY KEY|duplicate/i);
    await expect(now.run(row("s4", "report").replace("'snapshot'", "'frozen'"))).rejects.toThrow(/CHECK/i);
    expect(await now.query("SELECT kind FROM app_snapshots ORDER BY snapshot_id")).toEqual([
      { kind: "report" },
      { kind: "narrative" },
    ]);
    await now.close();
  });

  it("migration 22 adds the conversation-life tables and columns to a version-21 file, keeping its rows", async () => {
    const path = join(dir, "v21.duckdb");
    const v21 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 21) });
    await v21.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender)
      VALUES ('m1', 's', 'i', 'c1', 1, '2026-03-01 10:00:00', 'agent')`);
    await v21.run(`INSERT INTO assignments (assignment_id, source, import_id, conversation_id, seq, assigned_at, missed)
      VALUES ('a1', 's', 'i', 'c1', 1, '2026-03-01 10:00:00', false)`);
    const tables = async (wh: Warehouse) =>
      (await wh.query<{ t: string }>("SELECT table_name AS t FROM duckdb_tables() ORDER BY t")).map((r) => r.t);
    for (const t of MIGRATION_22_TABLES) expect(await tables(v21)).not.toContain(t);
    await v21.close();
    const now = await Warehouse.open(path);
    for (const t of MIGRATION_22_TABLES) expect(await tables(now)).toContain(t);
    expect(await now.query("SELECT message_id, sender, kind FROM messages")).toEqual([
      { message_id: "m1", sender: "agent", kind: null },
    ]);
    expect(await now.query("SELECT assignment_id, team_id FROM assignments")).toEqual([
      { assignment_id: "a1", team_id: null },
    ]);
    await now.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind)
      VALUES ('c1', 1, 's', 'i', 'opened', '2026-03-01 10:00:00', 'customer')`);
    await expect(
      now.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind)
        VALUES ('c1', 2, 's', 'i', 'resolved', NULL, 'agent')`),
    ).rejects.toThrow(/NOT NULL/);
    expect(await now.query("SELECT max(version) AS v FROM schema_migrations")).toEqual([
      { v: migrations.at(-1)?.version },
    ]);
    await now.close();
  });

  it("migration 25 derives resolution_events and resolution_labels from the events a version-24 file holds", async () => {
    const path = join(dir, "v24.duckdb");
    const v24 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 24) });
    await v24.run(`INSERT INTO conversations (conversation_id, source, import_id, campaign_id, started_at, channel)
      VALUES ('c1', 's', 'i', 'camp', '2026-03-01 10:00:00', 'chat')`);
    await v24.run(`INSERT INTO assignments (assignment_id, source, import_id, conversation_id, seq, agent_id, assigned_at, missed, team_id)
      VALUES ('a1', 's', 'i', 'c1', 1, 'A', '2026-03-01 10:05:00', false, 'T1')`);
    await v24.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind)
      VALUES ('c1', 1, 's', 'i', 'opened', '2026-03-01 10:00:00', 'customer'),
             ('c1', 2, 's', 'i', 'resolved', '2026-03-01 10:30:00', 'system'),
             ('c1', 3, 's', 'i', 'reopened', '2026-03-02 09:00:00', 'customer'),
             ('c1', 4, 's', 'i', 'resolved', '2026-03-02 09:10:00', 'agent')`);
    await v24.run(
      `INSERT INTO conversation_labels (conversation_id, label, source, import_id) VALUES ('c1', 'billing', 's', 'i')`,
    );
    await v24.close();
    const now = await Warehouse.open(path);
    // By hand: 1800 s from the start, then 600 s from the reopen; the assignee A of team T1.
    expect(
      await now.query(
        "SELECT seq, agent_id, team_id, is_reopen_resolution AS again, seconds, business_seconds FROM resolution_events ORDER BY seq",
      ),
    ).toEqual([
      { seq: 2, agent_id: "A", team_id: "T1", again: false, seconds: 1800, business_seconds: null },
      { seq: 4, agent_id: "A", team_id: "T1", again: true, seconds: 600, business_seconds: null },
    ]);
    expect(await now.query("SELECT seq, label FROM resolution_labels ORDER BY seq")).toEqual([
      { seq: 2, label: "billing" },
      { seq: 4, label: "billing" },
    ]);
    await now.close();
  });

  it("migration 24 adds app_schedules.options and app_schedule_runs.warnings to a version-21 file, keeping schedules, runs and their keys", async () => {
    const path = join(dir, "v21-schedules.duckdb");
    const v21 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 21) });
    const schedule = (id: string) =>
      `INSERT INTO app_schedules (schedule_id, name, bundle, frequency, weekday, month_day, send_time, timezone, recipients,
         filters, enabled, signing_secret, owner_kind, owner_id, created_at, updated_at)
       VALUES ('${id}', 'Weekly', '{"kind":"seed002"}', 'weekly', 1, NULL, '08:00', 'Europe/Amsterdam', '["a@example.com"]',
         '{}', true, 'secret', 'user', 'u1', '2026-12-01 10:00:00', '2026-12-01 10:00:00')`;
    const run = (id: string, key: string) =>
      `INSERT INTO app_schedule_runs (run_id, schedule_id, period_key, period_from, period_to, due_at, trigger, status, late,
         attempts, recipients, created_at) VALUES ('${id}', 's1', '${key}', '2026-11-23', '2026-11-29', '2026-11-30 07:00:00',
         'schedule', 'sent', false, 1, '["a@example.com"]', '2026-11-30 07:00:01')`;
    await v21.run(schedule("s1"));
    await v21.run(run("r1", "2026-11-23..2026-11-29"));
    await v21.close();
    const now = await Warehouse.open(path);
    expect(await now.query("SELECT schedule_id, name, options FROM app_schedules")).toEqual([
      { schedule_id: "s1", name: "Weekly", options: null },
    ]);
    expect(await now.query("SELECT run_id, status, warnings FROM app_schedule_runs")).toEqual([
      { run_id: "r1", status: "sent", warnings: null },
    ]);
    await now.run(`UPDATE app_schedules SET options = '{"narrativeSummary": true}' WHERE schedule_id = 's1'`);
    await now.run(`UPDATE app_schedule_runs SET warnings = '["no PDF"]' WHERE run_id = 'r1'`);
    expect(await now.query("SELECT options->>'narrativeSummary' AS n FROM app_schedules")).toEqual([{ n: "true" }]);
    // The keys still hold: one run per (schedule, period), one schedule per id.
    await expect(now.run(run("r2", "2026-11-23..2026-11-29"))).rejects.toThrow(/constraint|duplicate/i);
    await expect(now.run(schedule("s1"))).rejects.toThrow(/PRIMARY KEY|duplicate/i);
    await now.close();
  });

  it("migration 23 adds app_narratives.progress to a version-21 file, keeping its reports (progress NULL) and key", async () => {
    const path = join(dir, "v21-narratives.duckdb");
    const v21 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 21) });
    const row = (id: string) =>
      `INSERT INTO app_narratives (narrative_id, name, scope_kind, scope_key, scope, period_from, period_to, timezone, status, author_kind, created_at)
       VALUES ('${id}', 'R', 'campaign', 'campaign:c1', '{}', '2026-11-01', '2026-11-30', 'UTC', 'done', 'cli', '2026-12-01 10:00:00')`;
    await v21.run(row("n1"));
    expect(
      await v21.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'app_narratives'"),
    ).not.toContainEqual({ column_name: "progress" });
    await v21.close();
    const now = await Warehouse.open(path);
    expect(await now.query("SELECT narrative_id, name, status, progress FROM app_narratives")).toEqual([
      { narrative_id: "n1", name: "R", status: "done", progress: null },
    ]);
    await now.run(`UPDATE app_narratives SET progress = '{"step": "facts", "percent": 20}' WHERE narrative_id = 'n1'`);
    expect(await now.query("SELECT progress->>'step' AS step FROM app_narratives")).toEqual([{ step: "facts" }]);
    await expect(now.run(row("n1"))).rejects.toThrow(/PRIMARY KEY|duplicate/i);
    await now.close();
  });

  it("migration 28 adds conversation_live to a version-24 file, filled from the events, messages and assignments it holds", async () => {
    const path = join(dir, "v24-live.duckdb");
    const v24 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 24) });
    // c1 open with a reply and an agent; c2 open, no reply, no assignment; c3 resolved; c4 with the bot.
    await v24.run(`INSERT INTO conversation_events (conversation_id, seq, source, import_id, event, occurred_at, actor_kind, campaign_id) VALUES
      ('c1', 1, 's', 'i', 'opened', '2026-12-01 10:00:00', 'customer', 'k'),
      ('c2', 1, 's', 'i', 'opened', '2026-12-01 10:05:00', 'customer', 'k'),
      ('c3', 1, 's', 'i', 'opened', '2026-12-01 09:00:00', 'customer', 'k'),
      ('c3', 2, 's', 'i', 'resolved', '2026-12-01 09:30:00', 'agent', 'k'),
      ('c4', 1, 's', 'i', 'pending', '2026-12-01 10:10:00', 'bot', 'k')`);
    await v24.run(`INSERT INTO messages (message_id, source, import_id, conversation_id, seq, sent_at, sender, agent_id) VALUES
      ('m1', 's', 'i', 'c1', 1, '2026-12-01 10:01:00', 'agent', 'a1')`);
    await v24.run(`INSERT INTO assignments (assignment_id, source, import_id, conversation_id, seq, agent_id, assigned_at, missed, team_id) VALUES
      ('s1', 's', 'i', 'c1', 1, 'a1', '2026-12-01 10:00:30', false, 't1')`);
    await v24.close();
    const now = await Warehouse.open(path);
    expect(
      await now.query(
        "SELECT conversation_id, campaign_id, team_id, state, since, unattended, unassigned FROM conversation_live ORDER BY ALL",
      ),
    ).toEqual([
      {
        conversation_id: "c1",
        campaign_id: "k",
        team_id: "t1",
        state: "open",
        since: "2026-12-01T10:00:00.000Z",
        unattended: false,
        unassigned: false,
      },
      {
        conversation_id: "c2",
        campaign_id: "k",
        team_id: null,
        state: "open",
        since: "2026-12-01T10:05:00.000Z",
        unattended: true,
        unassigned: true,
      },
      {
        conversation_id: "c4",
        campaign_id: "k",
        team_id: null,
        state: "pending",
        since: null,
        unattended: false,
        unassigned: false,
      },
    ]);
    await now.close();
  });

  it("migration 5 drops the PRIMARY KEY of every canonical data table, keeping rows, columns and NOT NULLs", async () => {
    const path = join(dir, "v4.duckdb");
    const v4 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 4) });
    const keyed = async (wh: Warehouse) =>
      (
        await wh.query<{ t: string }>(
          "SELECT DISTINCT table_name AS t FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name <> 'schema_migrations' AND NOT starts_with(table_name, 'app_') ORDER BY t",
        )
      ).map((r) => r.t);
    // Every table of version 4 had one (the derived tables came later, without, and so did the
    // tables of migration 22).
    const later: readonly string[] = [...DERIVED_TABLES, ...MIGRATION_22_TABLES];
    expect(await keyed(v4)).toEqual(
      Object.keys(canonicalTables)
        .filter((t) => !later.includes(t))
        .sort(),
    );
    await v4.run(
      "INSERT INTO call_check_results (call_id, check_id, source, import_id, passed) VALUES ('c1', 'k1', 's', 'i', true), ('c1', 'k2', 's', 'i', false)",
    );
    await v4.close();
    const v5 = await Warehouse.open(path);
    // Only imports keeps its key: the import pipeline enforces the others (packages/warehouse/src/load.ts).
    expect(await keyed(v5)).toEqual(["imports"]);
    expect(await v5.query("SELECT call_id, check_id, passed FROM call_check_results ORDER BY check_id")).toEqual([
      { call_id: "c1", check_id: "k1", passed: true },
      { call_id: "c1", check_id: "k2", passed: false },
    ]);
    // A key column still refuses NULL (the key implied NOT NULL).
    await expect(
      v5.run(
        "INSERT INTO call_check_results (call_id, check_id, source, import_id, passed) VALUES (NULL, 'k3', 's', 'i', true)",
      ),
    ).rejects.toThrow(/NOT NULL/);
    await v5.close();
  });

  it("upsertRows replaces rows by natural key (last row of a key wins) or keeps existing ones with 'ignore'", async () => {
    const wh = await Warehouse.open(":memory:");
    const campaign = (id: string, name: string) => ({
      campaign_id: id,
      source: "t",
      import_id: "i1",
      name,
      channel: "chat",
    });
    await wh.transaction((tx) =>
      upsertRows(tx, "campaigns", [campaign("a", "A1"), campaign("b", "B1"), campaign("a", "A2")]),
    );
    await wh.transaction((tx) => upsertRows(tx, "campaigns", [campaign("b", "B2"), campaign("c", "C1")]));
    await wh.transaction((tx) =>
      upsertRows(tx, "campaigns", [campaign("c", "C-ref"), campaign("d", "D-ref")], "ignore"),
    );
    expect(await wh.query("SELECT campaign_id, name FROM campaigns ORDER BY campaign_id")).toEqual([
      { campaign_id: "a", name: "A2" },
      { campaign_id: "b", name: "B2" },
      { campaign_id: "c", name: "C1" },
      { campaign_id: "d", name: "D-ref" },
    ]);
    await wh.close();
  });

  it("binds parameters and returns JSON-safe values", async () => {
    const wh = await Warehouse.open(":memory:");
    const [row] = await wh.query(
      "SELECT $1::BIGINT AS small, 9007199254740993::BIGINT AS big, DATE '1999-02-01' AS d, $2::TIMESTAMP AS t, $3 AS s",
      [42, "1999-02-01 07:02:47", "O'Brien; DROP TABLE calls"],
    );
    expect(row).toEqual({
      small: 42,
      big: "9007199254740993",
      d: "1999-02-01",
      t: "1999-02-01T07:02:47.000Z",
      s: "O'Brien; DROP TABLE calls",
    });
    await wh.close();
  });

  it("pins the session time zone to UTC", async () => {
    const wh = await Warehouse.open(":memory:");
    expect(await wh.query("SELECT current_setting('TimeZone') AS tz")).toEqual([{ tz: "UTC" }]);
    await wh.close();
  });

  it("rolls a failed transaction back completely", async () => {
    const wh = await Warehouse.open(":memory:");
    await expect(
      wh.transaction(async (tx) => {
        await tx.run(
          "INSERT INTO campaigns (campaign_id, source, import_id, name, channel) VALUES ('c1', 's', 'i', 'n', 'call')",
        );
        await tx.run("INSERT INTO campaigns (campaign_id) VALUES ('c2')"); // NOT NULL violation
      }),
    ).rejects.toBeInstanceOf(WarehouseError);
    expect(await wh.query("SELECT count(*) AS n FROM campaigns")).toEqual([{ n: 0 }]);
    await wh.close();
  });

  it("wraps SQL errors with the DuckDB message as cause", async () => {
    const wh = await Warehouse.open(":memory:");
    const err = await wh.query("SELECT * FROM no_such_table").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).code).toBe("query_failed");
    expect((err as WarehouseError).message).toMatch(/no_such_table/);
    expect((err as WarehouseError).cause).toBeInstanceOf(Error);
    await wh.close();
  });

  it("refuses calls after close", async () => {
    const wh = await Warehouse.open(":memory:");
    await wh.close();
    await expect(wh.query("SELECT 1")).rejects.toMatchObject({ code: "closed" });
  });
});
