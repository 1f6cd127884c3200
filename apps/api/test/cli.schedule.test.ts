/**
 * `tallyline schedule list|run-now` on a DuckDB file: list through the real binary, run-now in
 * process against a real SMTP server on 127.0.0.1 (recorded in the run history as 'manual').
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerSchedule, type ScheduleEnv } from "../src/cli/schedule";
import { Schedules } from "../src/schedules/schedules";
import { runInProcess } from "./testutil/cliInProcess";
import { cliArgs } from "./testutil/process";
import { smtpServer } from "./testutil/smtp";

const repo = join(import.meta.dirname, "../../..");

let dir: string;
let db: string;
let id: string;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-sched-"));
  db = join(dir, "t.duckdb");
  const wh = await Warehouse.open(db);
  const s = await new Schedules(wh, Date.now).create(
    {
      name: "Weekly snapshot",
      frequency: "weekly",
      weekday: 1,
      sendTime: "08:00",
      timezone: "Europe/Amsterdam",
      recipients: ["cli@example.com"],
    },
    { kind: "user", id: "u1" },
  );
  id = s.id;
  await wh.close();
  smtp = await smtpServer();
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

const inProcess = (args: string[], env: ScheduleEnv) =>
  runInProcess((program) => registerSchedule(program, (file) => Warehouse.open(file ?? ""), env), args);

describe("tallyline schedule", () => {
  it("list (the real binary) prints each schedule with its cadence, zone and next run", async () => {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((ok) =>
      execFile(process.execPath, [...cliArgs(), "schedule", "list", "--db", db], { cwd: repo }, (e, stdout, stderr) =>
        ok({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `${id}  Weekly snapshot  weekly weekday 1 at 08:00 Europe/Amsterdam  1 recipient(s)  next `,
    );
  }, 90_000);

  it("run-now sends through TALLYLINE_SMTP_URL and records a manual run; an unknown id or no SMTP URL is exit 1", async () => {
    const before = smtp.received.length;
    const r = await inProcess(["schedule", "run-now", id, "--db", db], { TALLYLINE_SMTP_URL: smtp.url });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sent: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d, 1 attempt\(s\)/);
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual([["cli@example.com"]]);
    const wh = await Warehouse.open(db);
    try {
      expect(await new Schedules(wh, Date.now).runs(id)).toMatchObject([
        { trigger: "manual", status: "sent", attempts: 1 },
      ]);
    } finally {
      await wh.close();
    }
    const unknown = await inProcess(["schedule", "run-now", "00000000-0000-4000-8000-000000000000", "--db", db], {
      TALLYLINE_SMTP_URL: smtp.url,
    });
    expect(unknown).toMatchObject({ code: 1, stderr: "tallyline: No schedule 00000000-0000-4000-8000-000000000000" });
    expect(await inProcess(["schedule", "run-now", id, "--db", db], {})).toMatchObject({ code: 1 });
  }, 60_000);
});
