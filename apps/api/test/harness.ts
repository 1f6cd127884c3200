import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { defaultRegistry } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "../src/app";

/** The hand-made call log of the report-defs golden tests (values worked out there). */
export const smallCallLog = join(import.meta.dirname, "../../../packages/report-defs/test/fixtures/calls-small.tsv");

/** The real anonbank February log, when ../shared is present beside the repo. */
export const realAnonbank = join(
  import.meta.dirname,
  "../../../../shared/data/real/anonbank-feb1999/data_anonymous_bank_february.txt",
);

/** A real app over a real DuckDB file in a temp folder, with `files` imported. Call `close()` after. */
export async function testApp(files: string[] = [smallCallLog], timezone = "UTC") {
  const dir = mkdtempSync(join(tmpdir(), "tl-api-"));
  const warehouse = await Warehouse.open(join(dir, "t.duckdb"));
  for (const f of files) await importFile(warehouse, f, { timezone: "UTC" });
  const errors: unknown[] = [];
  const app = createApp({
    services: {
      warehouse,
      registry: defaultRegistry(),
      now: () => Date.parse("1999-02-03T12:00:00Z"),
      defaultTimezone: timezone,
    },
    log: (_m, e) => errors.push(e),
  });
  const post = (
    path: string,
    body?: unknown,
    headers: Record<string, string> = { "content-type": "application/json" },
  ) =>
    app.request(path, {
      method: "POST",
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    app,
    warehouse,
    errors,
    post,
    close: async () => {
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON body of a response, typed by the caller. */
export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
