/**
 * CLI parity (issue 16): `tallyline report run` has a flag for every field of the API's report query,
 * and with each filter (and grain, limit, a parameter, a segment by name) prints the API's numbers
 * for the same query. The command runs in-process (the real commander program of cli/reportRun.ts
 * over the test app's database) beside `POST /api/v1/report/{id}/fetch` on the real app; one
 * process run checks that main.ts wires the module in.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { importFile } from "@tallyline/ingest";
import { defaultRegistry, FILTER_NAMES, type FilterName, QueryFilters } from "@tallyline/report-defs";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import type { Warehouse } from "@tallyline/warehouse";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterFlag, QUERY_FIELD_FLAGS, registerReportRun } from "../src/cli/reportRun";
import { ApiReportQuery } from "../src/segments/segments";
import { json, smallCallLog, type TestApp, testApp } from "./harness";
import { cliArgs } from "./testutil/process";

/** The `report run` command of a fresh program over `wh` (left open), printing into `out`. */
function program(wh: Warehouse | undefined, out: string[]) {
  const root = new Command("tallyline").exitOverride();
  const report = root.command("report").exitOverride();
  const open = async () => {
    if (!wh) throw new Error("no database in this test");
    return wh;
  };
  const cmd = registerReportRun(report, { open, release: async () => {}, print: (t) => out.push(t) }).exitOverride();
  return { root, cmd };
}

describe("report run has a flag for every field of the API's report query", () => {
  const { cmd } = program(undefined, []);
  const longs = new Set(cmd.options.map((o) => o.long));

  it("walks ApiReportQuery's fields: each has a flag the command defines, or a stated reason for none", () => {
    const missing = Object.keys(ApiReportQuery.shape).filter((field) => {
      const flag = QUERY_FIELD_FLAGS[field];
      if (flag === undefined) return true;
      if (typeof flag === "object") return flag.none.length < 20;
      return field !== "filters" && !longs.has(flag);
    });
    expect(missing, `query fields without a report run flag: ${missing.join(", ")}`).toEqual([]);
  });

  it("walks the query's filters: each has its flag, listed by --help", () => {
    const help = cmd.helpInformation();
    const missing = Object.keys(QueryFilters.shape).filter(
      (f) => !longs.has(filterFlag(f as FilterName)) || !help.includes(`${filterFlag(f as FilterName)} <value...>`),
    );
    expect(missing, `filters without a report run flag: ${missing.join(", ")}`).toEqual([]);
    expect(Object.keys(QueryFilters.shape).sort()).toEqual([...FILTER_NAMES].sort());
  });
});

const GEN = { seed: 11, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 40 };
const WINDOW = ["--from", "2026-10-21", "--to", "2026-10-27", "--timezone", GEN.timezone];
const BODY = { from: "2026-10-21", to: "2026-10-27", timezone: GEN.timezone };

/** Where each filter's values are read from, to filter by values the data holds. */
const VALUES: Record<FilterName, { table: string; column: string } | string[]> = {
  campaign: { table: "conversations", column: "campaign_id" },
  agent: { table: "assignments", column: "agent_id" },
  queue: { table: "calls", column: "queue" },
  topic: { table: "calls", column: "topic" },
  channel: { table: "conversations", column: "channel" },
  language: { table: "conversations", column: "language" },
  intent: { table: "conversations", column: "intent" },
  outcome: ["abandoned"],
  check: { table: "call_check_results", column: "check_id" },
  call: { table: "calls", column: "call_id" },
  conversation: { table: "conversations", column: "conversation_id" },
  team: { table: "resolution_events", column: "team_id" },
  label: { table: "resolution_labels", column: "label" },
};

describe("report run gives the API's numbers for the same query", () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await testApp([]);
    dir = mkdtempSync(join(tmpdir(), "tl-cli-run-"));
    await writeGenerated(dir, generate(GEN));
    for (const table of GENERATED_TABLES)
      await importFile(t.warehouse, join(dir, `${table}.csv`), { source: "canonical" });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI's JSON result of `args` and the API's for `body`, without the API's segment echo when absent. */
  async function both(id: string, args: string[], body: Record<string, unknown>) {
    const out: string[] = [];
    await program(t.warehouse, out).root.parseAsync(["report", "run", id, ...WINDOW, ...args, "--json"], {
      from: "user",
    });
    const res = await t.post(`/api/v1/report/${id}/fetch`, { ...BODY, ...body });
    expect(res.status, await res.clone().text()).toBe(200);
    return { cli: JSON.parse(out.join("\n")) as unknown, api: await json<unknown>(res) };
  }

  /** The most frequent value of filter `f` in the data (two ids for call and conversation): a strict subset. */
  async function values(f: FilterName): Promise<string[]> {
    const from = VALUES[f];
    if (Array.isArray(from)) return from;
    const rows = await t.warehouse.query<{ v: string }>(
      `SELECT ${from.column}::VARCHAR AS v FROM ${from.table} WHERE ${from.column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${f === "call" || f === "conversation" ? 2 : 1}`,
    );
    const [distinct] = await t.warehouse.query<{ n: number }>(
      `SELECT count(DISTINCT ${from.column})::INTEGER AS n FROM ${from.table}`,
    );
    // One value in the data (the generator's only channel): filter by one it lacks, which leaves nothing.
    return Number(distinct?.n) > 1 ? rows.map((r) => r.v) : ["not-in-the-data"];
  }

  it.each(FILTER_NAMES.map((f) => [f]))(
    "--%s gives the API's result, and filters (it differs from no filter)",
    async (f) => {
      const from = VALUES[f];
      const table = Array.isArray(from) ? "calls" : from.table;
      const defs = defaultRegistry()
        .list()
        .filter((d) => d.filters.includes(f));
      const def =
        defs.find((d) => d.table === table && d.shape !== "kpi") ?? defs.find((d) => d.table === table) ?? defs[0];
      if (!def) throw new Error(`no report takes ${f}`);
      const vs = await values(f);
      expect(vs.length, `values of ${f} in the generated data`).toBeGreaterThan(0);
      const filtered = await both(def.id, [filterFlag(f), ...vs], { filters: { [f]: vs } });
      expect(filtered.cli, `${def.id} --${f} ${vs.join(" ")}`).toEqual(filtered.api);
      const unfiltered = await both(def.id, [], {});
      expect(unfiltered.cli).toEqual(unfiltered.api);
      expect(filtered.cli, `${def.id}: --${f} changed nothing`).not.toEqual(unfiltered.cli);
    },
  );

  it("--grain, --limit, --compare and --param give the API's result", async () => {
    const week = await both("agents.conversations_daily", ["--grain", "week", "--limit", "3", "--compare", "none"], {
      grain: "week",
      limit: 3,
      compare: "none",
    });
    expect(week.cli).toEqual(week.api);
    expect((week.cli as { grain: string }).grain).toBe("week");
    const sl = await both("calls.service_level", ["--param", "serviceLevelSecs=5"], {
      parameters: { serviceLevelSecs: 5 },
    });
    expect(sl.cli).toEqual(sl.api);
    const defaultSl = await both("calls.service_level", [], {});
    expect(sl.cli).not.toEqual(defaultSl.cli);
  });

  it("--segment by name or id gives the API's result with segmentId", async () => {
    const [channel] = await t.warehouse.query<{ v: string }>("SELECT any_value(channel) AS v FROM conversations");
    const created = await t.post("/api/v1/segments", { name: "Chat Only", filters: { channel: [channel?.v] } });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: string }>(created);
    for (const ref of ["Chat Only", "chat only", id]) {
      const r = await both("engagement.conversations", ["--segment", ref], { segmentId: id });
      expect(r.cli, ref).toEqual(r.api);
      expect((r.cli as { segment: { name: string } }).segment.name).toBe("Chat Only");
    }
    await expect(
      program(t.warehouse, []).root.parseAsync(["report", "run", "engagement.conversations", "--segment", "nope"], {
        from: "user",
      }),
    ).rejects.toThrow(/--segment: no saved segment has the id or name "nope"/);
  });

  it("a bad --param is a usage error naming the value", async () => {
    await expect(
      program(t.warehouse, []).root.parseAsync(["report", "run", "calls.service_level", "--param", "fast"], {
        from: "user",
      }),
    ).rejects.toThrow(/--param "fast": give NAME=NUMBER/);
  });
});

describe("tallyline report run (a process)", () => {
  const repo = join(import.meta.dirname, "../../..");
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-cli-run-p-"));
    db = join(dir, "t.duckdb");
    const { Warehouse } = await import("@tallyline/warehouse");
    const wh = await Warehouse.open(db);
    await importFile(wh, smallCallLog, { timezone: "UTC" });
    await wh.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the generated filter flags: --queue PS --outcome answered", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        ...cliArgs(),
        "report",
        "run",
        "calls.offered",
        "--from",
        "1999-02-01",
        "--to",
        "1999-02-03",
        "--queue",
        "PS",
        "--outcome",
        "answered",
        "abandoned",
        "--db",
        db,
        "--json",
      ],
      { cwd: repo, encoding: "utf8" },
    );
    // calls-small.tsv, by hand: 7 PS calls on 02-01..02-03; answered: 1, 2, 5, 8 and AA0103's 1 (5);
    // none abandoned in the queue (call 4 hung up in the voice menu, call 6 is a PHANTOM): 5, not 7.
    expect((JSON.parse(stdout) as { value: number }).value).toBe(5);
  }, 180_000); // one process start: about 10 s alone, past a minute on a loaded 2-core machine
});
