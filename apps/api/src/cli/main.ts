#!/usr/bin/env node
import { formatIssue, IngestError, importFile } from "@tallyline/ingest";
import { catalogueMarkdown, defaultRegistry, listItem, ReportError, runReport } from "@tallyline/report-defs";
import { Warehouse, WarehouseError } from "@tallyline/warehouse";
/**
 * The `tallyline` command line (run from the repo as `pnpm tallyline ...`):
 *   ingest <files...> [--source ID|auto] [--mapping FILE] [--timezone TZ] [--skip-invalid] [--db FILE] [--json]
 *                     [--progress | --no-progress]
 *   report list [--json]
 *   report run <id> [--from D --to D | --period-days N [--as-of D]] [--timezone TZ] [--compare previous|none]
 *                   [--campaign ID] [--agent ID] [--queue Q] [--db FILE] [--json]
 *   serve [--host H] [--port N] [--data-dir DIR]
 * Exit status: 0 on success, 1 when the input or query is rejected, 2 on a usage error.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { databasePath, loadConfig } from "../config";
import { startServer } from "../server";
import { formatResult } from "./format";
import { registerGenerate } from "./generate";
import { progressBar } from "./progress";

const program = new Command("tallyline").description("Contact-centre reporting over DuckDB").showHelpAfterError();

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
};

async function openDb(db: string | undefined): Promise<Warehouse> {
  const path = db ?? databasePath(loadConfig());
  try {
    return await Warehouse.open(path);
  } catch (e) {
    if (e instanceof WarehouseError && /lock/i.test(e.message)) {
      throw new Error(
        `${path} is in use by another process (is 'tallyline serve' running?). Stop it, or pass --db with another file.`,
      );
    }
    throw e;
  }
}

program
  .command("ingest")
  .description("Import export files into the database; each file is one transaction")
  .argument("<files...>", "files to import")
  .option("--source <id>", "adapter id, or auto to detect from the file (mapped when --mapping is given)")
  .option("--timezone <tz>", "IANA zone of timestamps that carry no offset", "UTC")
  .option("--mapping <file>", "mapping file (JSON) for call or chat logs (docs/mapping.md)")
  .option("--skip-invalid", "import the good rows and write rejected ones, with reasons, to <file>.rejects.csv")
  .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
  .option("--json", "print a JSON summary instead of text")
  .option("--progress", "show a progress bar on stderr (default: when stderr is a terminal and not --json)")
  .option("--no-progress", "never show a progress bar")
  .action(
    async (
      files: string[],
      opts: {
        source?: string;
        timezone: string;
        mapping?: string;
        skipInvalid?: boolean;
        db?: string;
        json?: boolean;
        progress?: boolean;
      },
    ) => {
      const wh = await openDb(opts.db);
      const results: unknown[] = [];
      let failed = false;
      const showProgress = opts.progress ?? (!opts.json && Boolean(process.stderr.isTTY));
      try {
        for (const file of files) {
          const bar = showProgress ? progressBar() : undefined;
          try {
            const s = await importFile(wh, file, {
              ...(opts.source ? { source: opts.source } : {}),
              timezone: opts.timezone,
              ...(opts.mapping ? { mapping: opts.mapping } : {}),
              skipInvalid: opts.skipInvalid ?? false,
              ...(bar ? { onProgress: bar.update } : {}),
            });
            bar?.stop();
            results.push({ ok: true, ...s });
            if (!opts.json) {
              const rows = Object.entries(s.rowsByTable)
                .map(([t, n]) => `${n.toLocaleString("en-US")} ${t}`)
                .join(", ");
              console.log(
                s.status === "unchanged"
                  ? `${file}: already imported (same SHA-256), nothing changed`
                  : `${file}: imported ${rows} in ${(s.durationMs / 1000).toFixed(1)} s`,
              );
            }
          } catch (e) {
            bar?.stop();
            if (!(e instanceof IngestError)) throw e;
            failed = true;
            results.push({ ok: false, file, code: e.code, message: e.message, issues: e.issues });
            if (!opts.json)
              console.error(
                e.issues.length
                  ? `${e.message.split("\n")[0]}\n${e.issues
                      .slice(0, 20)
                      .map((i) => `  ${formatIssue(i)}`)
                      .join("\n")}`
                  : e.message,
              );
          }
        }
      } finally {
        await wh.close();
      }
      if (opts.json) console.log(JSON.stringify(results, null, 2));
      if (failed) process.exitCode = 1;
    },
  );

const report = program.command("report").description("List and run reports");

report
  .command("list")
  .description("List every report with its definition")
  .option("--json", "print JSON")
  .option("--markdown", "print the catalogue as Markdown (docs/reports.md)")
  .action((opts: { json?: boolean; markdown?: boolean }) => {
    if (opts.markdown) return void process.stdout.write(catalogueMarkdown(defaultRegistry().list()));
    const items = defaultRegistry().list().map(listItem);
    if (opts.json) console.log(JSON.stringify({ items }, null, 2));
    else for (const i of items) console.log(`${i.id.padEnd(24)} ${i.name}\n${" ".repeat(25)}${i.measure.definition}`);
  });

report
  .command("run")
  .description("Run one report")
  .argument("<id>", "report id, e.g. calls.offered")
  .option("--from <date>", "first day, YYYY-MM-DD (with --to)")
  .option("--to <date>", "last day, YYYY-MM-DD (inclusive)")
  .option("--period-days <n>", "days ending at --as-of (default 30)", positiveInt)
  .option("--as-of <date>", "last day of a --period-days window (default today)")
  .option("--timezone <tz>", "IANA zone of the calendar days (default $TALLYLINE_TIMEZONE or UTC)")
  .addOption(
    new Option("--compare <mode>", "compare with the previous period")
      .choices(["previous", "none"])
      .default("previous"),
  )
  .option("--campaign <id...>", "only these campaigns")
  .option("--agent <id...>", "only these agents")
  .option("--queue <name...>", "only these queues")
  .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
  .option("--json", "print the result as JSON")
  .action(
    async (
      id: string,
      o: {
        from?: string;
        to?: string;
        periodDays?: number;
        asOf?: string;
        timezone?: string;
        compare: string;
        campaign?: string[];
        agent?: string[];
        queue?: string[];
        db?: string;
        json?: boolean;
      },
    ) => {
      const def = defaultRegistry().get(id);
      const filters = Object.fromEntries(
        Object.entries({ campaign: o.campaign, agent: o.agent, queue: o.queue }).filter(([, v]) => v),
      );
      const query = {
        from: o.from,
        to: o.to,
        periodDays: o.periodDays,
        asOf: o.asOf,
        timezone: o.timezone,
        compare: o.compare,
        filters,
      };
      const wh = await openDb(o.db);
      try {
        const result = await runReport(def, JSON.parse(JSON.stringify(query)), (sql, params) => wh.query(sql, params), {
          defaultTimezone: loadConfig().timezone,
        });
        console.log(o.json ? JSON.stringify(result, null, 2) : formatResult(result));
      } finally {
        await wh.close();
      }
    },
  );

program
  .command("serve")
  .description("Serve the API and the dashboard (loads demo data into an empty database)")
  .option("--host <host>", "address to listen on (default $TALLYLINE_HOST or 127.0.0.1)")
  .option("--port <port>", "port (default $TALLYLINE_PORT or 8787)")
  .option("--data-dir <dir>", "data folder (default $TALLYLINE_DATA_DIR or ./data)")
  .action(async (o: { host?: string; port?: string; dataDir?: string }) => {
    const config = loadConfig({
      ...process.env,
      ...(o.host ? { TALLYLINE_HOST: o.host } : {}),
      ...(o.port ? { TALLYLINE_PORT: o.port } : {}),
      ...(o.dataDir ? { TALLYLINE_DATA_DIR: o.dataDir } : {}),
    });
    const server = await startServer(config);
    console.log(
      `Tallyline is serving ${databasePath(config)} on ${server.url} (dashboard at /, API at /api/v1, docs at /api/v1/docs)`,
    );
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

registerGenerate(program);

program.parseAsync().catch((e: unknown) => {
  if (e instanceof ReportError || e instanceof WarehouseError || e instanceof Error) {
    console.error(`tallyline: ${e.message}`);
  } else {
    console.error("tallyline:", e);
  }
  process.exitCode = e instanceof ReportError ? 1 : 1;
});
