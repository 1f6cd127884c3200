import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP_TABLE_PREFIX, appTables, canonicalTables, migrations, Warehouse } from "../src/index";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-app-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const appTableNames = async (wh: Warehouse) =>
  (
    await wh.query<{ t: string }>(
      "SELECT table_name AS t FROM duckdb_tables() WHERE starts_with(table_name, 'app_') ORDER BY t",
    )
  ).map((r) => r.t);

describe("migration 14: application state", () => {
  it("upgrades a version-11 file in place: the app_ tables appear empty, the canonical rows stay", async () => {
    const path = join(dir, "v11.duckdb");
    const v11 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 11) });
    expect(await appTableNames(v11)).toEqual([]);
    await v11.run(
      "INSERT INTO campaigns (campaign_id, source, import_id, name, channel) VALUES ('c1', 's', 'i', 'Old', 'call')",
    );
    await v11.close();
    const now = await Warehouse.open(path);
    expect(await appTableNames(now)).toEqual(Object.keys(appTables).sort());
    for (const t of Object.keys(appTables))
      expect(await now.query(`SELECT count(*) AS n FROM ${t}`)).toEqual([{ n: 0 }]);
    expect(await now.query("SELECT name FROM campaigns")).toEqual([{ name: "Old" }]);
    expect(await now.query("SELECT max(version) AS v FROM schema_migrations")).toEqual([
      { v: Math.max(...migrations.map((m) => m.version)) },
    ]);
    await now.close();
  });

  it("keeps app tables apart from the canonical model: prefixed, and no name in both", () => {
    for (const t of Object.keys(appTables)) expect(t.startsWith(APP_TABLE_PREFIX)).toBe(true);
    for (const t of Object.keys(canonicalTables)) expect(t.startsWith(APP_TABLE_PREFIX)).toBe(false);
  });

  it("refuses a second user with the same e-mail, a role outside admin and member, and a missing password hash", async () => {
    const wh = await Warehouse.open(join(dir, "t.duckdb"));
    const insert = (id: string, email: string, role: string, hash: string | null) =>
      wh.run(
        `INSERT INTO app_users (user_id, email, role, password_hash, disabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, false, now()::TIMESTAMP, now()::TIMESTAMP)`,
        [id, email, role, hash],
      );
    await insert("u1", "a@example.com", "admin", "h");
    await expect(insert("u2", "a@example.com", "member", "h")).rejects.toThrow(/constraint|duplicate/i);
    await expect(insert("u3", "b@example.com", "owner", "h")).rejects.toThrow(/CHECK constraint/i);
    await expect(insert("u4", "c@example.com", "member", null)).rejects.toThrow(/NOT NULL/i);
    expect(await wh.query("SELECT user_id FROM app_users")).toEqual([{ user_id: "u1" }]);
    await wh.close();
  });
});

describe("migration 15: segments", () => {
  it("upgrades a version-14 file in place: app_segments appears empty, users and keys stay", async () => {
    const path = join(dir, "v14.duckdb");
    const v14 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 14) });
    expect(await appTableNames(v14)).not.toContain("app_segments");
    await v14.run(
      `INSERT INTO app_users (user_id, email, role, password_hash, disabled, created_at, updated_at)
       VALUES ('u1', 'a@example.com', 'admin', 'h', false, now()::TIMESTAMP, now()::TIMESTAMP)`,
    );
    await v14.close();
    const now = await Warehouse.open(path);
    expect(await appTableNames(now)).toContain("app_segments");
    expect(await now.query("SELECT count(*) AS n FROM app_segments")).toEqual([{ n: 0 }]);
    expect(await now.query("SELECT email FROM app_users")).toEqual([{ email: "a@example.com" }]);
    expect(await now.query("SELECT max(version) AS v FROM schema_migrations")).toEqual([
      { v: Math.max(...migrations.map((m) => m.version)) },
    ]);
    await now.run(
      `INSERT INTO app_segments (segment_id, name, filters, owner_kind, owner_id, created_at, updated_at)
       VALUES ('s1', 'Sales', '{"queue":["sales"]}', 'user', 'u1', now()::TIMESTAMP, now()::TIMESTAMP)`,
    );
    await expect(
      now.run(
        `INSERT INTO app_segments (segment_id, name, filters, owner_kind, owner_id, created_at, updated_at)
         VALUES ('s2', 'Bad', '{}', 'robot', 'x', now()::TIMESTAMP, now()::TIMESTAMP)`,
      ),
    ).rejects.toThrow(/CHECK constraint/i);
    await expect(
      now.run(
        `INSERT INTO app_segments (segment_id, name, filters, owner_kind, owner_id, created_at, updated_at)
         VALUES ('s3', 'Bad', 'not json', 'user', 'u1', now()::TIMESTAMP, now()::TIMESTAMP)`,
      ),
    ).rejects.toThrow(/json/i);
    expect(await now.query("SELECT segment_id FROM app_segments")).toEqual([{ segment_id: "s1" }]);
    await now.close();
  });
});

describe("migration 16: public links", () => {
  it("upgrades a version-15 file in place: the link tables appear empty, segments and users stay", async () => {
    const path = join(dir, "v15.duckdb");
    const v15 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 15) });
    expect(await appTableNames(v15)).not.toContain("app_links");
    await v15.run(
      `INSERT INTO app_segments (segment_id, name, filters, owner_kind, owner_id, created_at, updated_at)
       VALUES ('s1', 'Sales', '{"queue":["sales"]}', 'user', 'u1', now()::TIMESTAMP, now()::TIMESTAMP)`,
    );
    await v15.close();
    const now = await Warehouse.open(path);
    const names = await appTableNames(now);
    for (const t of ["app_snapshots", "app_links", "app_link_views"]) expect(names).toContain(t);
    expect(await now.query("SELECT count(*) AS n FROM app_links")).toEqual([{ n: 0 }]);
    expect(await now.query("SELECT name FROM app_segments")).toEqual([{ name: "Sales" }]);
    const link = (id: string, hash: string) =>
      now.run(
        `INSERT INTO app_links (link_id, token_hash, snapshot_id, label, creator_kind, creator_id, created_at, views)
         VALUES ('${id}', '${hash}', 'snap', 'x', 'user', 'u1', now()::TIMESTAMP, 0)`,
      );
    await link("l1", "h1");
    // A token hash names one link only; a snapshot's kind is one of the known ones (narrative since migration 21).
    await expect(link("l2", "h1")).rejects.toThrow(/constraint/i);
    await expect(
      now.run(
        `INSERT INTO app_snapshots (snapshot_id, kind, mode, title, queries, options, creator_kind, creator_id, creator_role, created_at)
         VALUES ('s', 'bogus', 'live', 't', '[]', '{}', 'user', 'u1', 'member', now()::TIMESTAMP)`,
      ),
    ).rejects.toThrow(/CHECK constraint/i);
    await now.close();
  });
});

describe("migration 18: narrative reports", () => {
  it("upgrades a version-15 file in place: app_narratives and app_narrative_usage appear empty, segments stay", async () => {
    const path = join(dir, "v15.duckdb");
    const v15 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 15) });
    expect(await appTableNames(v15)).not.toContain("app_narratives");
    await v15.run(
      `INSERT INTO app_segments (segment_id, name, filters, owner_kind, owner_id, created_at, updated_at)
       VALUES ('s1', 'Sales', '{"queue":["sales"]}', 'user', 'u1', now()::TIMESTAMP, now()::TIMESTAMP)`,
    );
    await v15.close();
    const now = await Warehouse.open(path);
    expect(await appTableNames(now)).toEqual(expect.arrayContaining(["app_narrative_usage", "app_narratives"]));
    expect(await now.query("SELECT count(*) AS n FROM app_narratives")).toEqual([{ n: 0 }]);
    expect(await now.query("SELECT name FROM app_segments")).toEqual([{ name: "Sales" }]);
    const insert = (id: string, status: string, narrator: string | null) =>
      now.run(
        `INSERT INTO app_narratives (narrative_id, name, scope_kind, scope_key, scope, period_from, period_to, timezone,
           status, narrator, author_kind, created_at)
         VALUES ($1, 'r', 'campaign', 'campaign:c1', '{}', '2026-11-01', '2026-11-30', 'UTC', $2, $3, 'cli', now()::TIMESTAMP)`,
        [id, status, narrator],
      );
    await insert("n1", "done", "rules");
    await expect(insert("n2", "finished", "rules")).rejects.toThrow(/CHECK constraint/i);
    await expect(insert("n3", "done", "gpt")).rejects.toThrow(/CHECK constraint/i);
    expect(await now.query("SELECT narrative_id FROM app_narratives")).toEqual([{ narrative_id: "n1" }]);
    await now.close();
  });
});

describe("migration 19: scheduled report e-mails", () => {
  it("upgrades a version-18 file in place: the three tables appear empty, segments stay; one run per (schedule, period)", async () => {
    const path = join(dir, "v18.duckdb");
    const v18 = await Warehouse.open(path, { migrations: migrations.filter((m) => m.version <= 18) });
    expect(await appTableNames(v18)).not.toContain("app_schedules");
    await v18.run(
      `INSERT INTO app_segments (segment_id, name, filters, owner_kind, owner_id, created_at, updated_at)
       VALUES ('s1', 'Sales', '{"queue":["sales"]}', 'user', 'u1', now()::TIMESTAMP, now()::TIMESTAMP)`,
    );
    await v18.close();
    const now = await Warehouse.open(path);
    expect(await appTableNames(now)).toEqual(
      expect.arrayContaining(["app_schedule_runs", "app_schedules", "app_unsubscribes"]),
    );
    expect(await now.query("SELECT count(*) AS n FROM app_schedules")).toEqual([{ n: 0 }]);
    expect(await now.query("SELECT name FROM app_segments")).toEqual([{ name: "Sales" }]);
    const claim = (id: string, key: string) =>
      now.query(
        `INSERT INTO app_schedule_runs (run_id, schedule_id, period_key, period_from, period_to, due_at, trigger, status,
           late, attempts, recipients, created_at)
         VALUES ($1, 'sch1', $2, '2026-11-30', '2026-12-06', now()::TIMESTAMP, 'schedule', 'sending', false, 0, '[]', now()::TIMESTAMP)
         ON CONFLICT DO NOTHING RETURNING run_id`,
        [id, key],
      );
    expect(await claim("r1", "2026-11-30..2026-12-06")).toEqual([{ run_id: "r1" }]);
    expect(await claim("r2", "2026-11-30..2026-12-06")).toEqual([]);
    expect(await claim("r3", "2026-12-07..2026-12-13")).toEqual([{ run_id: "r3" }]);
    await expect(
      now.run(
        `INSERT INTO app_schedules (schedule_id, name, bundle, frequency, send_time, timezone, recipients, filters, enabled,
           signing_secret, owner_kind, owner_id, created_at, updated_at)
         VALUES ('x', 'x', '{}', 'hourly', '08:00', 'UTC', '[]', '{}', true, 's', 'user', 'u', now()::TIMESTAMP, now()::TIMESTAMP)`,
      ),
    ).rejects.toThrow(/CHECK constraint/i);
    await now.close();
  });
});
