#!/usr/bin/env node
/**
 * The `tallyline` command line (run from the repo as `pnpm tallyline ...`):
 *   ingest <files...> [--source ID|auto] [--mapping FILE] [--timezone TZ] [--skip-invalid] [--db FILE] [--json]
 *                     [--progress | --no-progress] [--server URL --key KEY]
 *   report list [--json]
 *   report run <id> [--from D --to D | --period-days N [--as-of D]] [--timezone TZ] [--compare previous|none]
 *                   [--grain G] [--limit N] [--param NAME=VALUE...] [--segment ID|NAME] [--<filter> V...]
 *                   [--db FILE] [--json | --format csv|json|xlsx [--out FILE] [--bom]]   (cli/reportRun.ts)
 *   serve [--host H] [--port N] [--data-dir DIR] [--db FILE]
 *   demo [--host H] [--port N] [--data-dir DIR] [--db FILE]     (load the demo data into an empty database, serve)
 *   demo remove [--db FILE]
 *   export-c24 --out DIR [--from D --to D] [--timezone TZ] [--db FILE] [--json]   (the eight Conversation24 exports)
 *   pdf --page <path|report id> [--from D --to D | --period-days N] [--timezone TZ] [--paper A4|Letter]
 *       [--landscape] [--segment ID] --out FILE [--db FILE]
 *   export <table|all> --format parquet|csv --out DIR [--from D --to D] [--db FILE] [--force] [--json]   (cli/tableExport.ts)
 *   live [--db FILE] [--json]   (open, unattended, unassigned and pending conversations now; cli/live.ts)
 *   narrative generate --scope KIND:ID[,ID...] (--from D --to D | --period-days N) [--db FILE] [--json]; narrative list|show|delete
 * `ingest`, `serve`, `demo` and `report run` take the same `--db FILE`, default
 * $TALLYLINE_DATA_DIR/tallyline.duckdb, and the first three print it in the same words (databaseLine).
 * Exit status: 0 on success, 1 when the input or query is rejected, 2 on a usage error.
 * Start-up: only the code of the command being run is loaded. `ingest` and `report` are defined
 * here and import what they use inside their actions; every other command's module is loaded by
 * name (cli/commands.ts), so `tallyline --help` loads neither DuckDB, the API nor Hono.
 */
import { Command, InvalidArgumentError } from "commander";
import { commandName, registerLazyCommands } from "./commands";
import { CliUsageError } from "./usage";

const program = new Command("tallyline")
  .description("Contact-centre reporting over DuckDB")
  .showHelpAfterError()
  // `demo remove --db FILE`: the subcommand's own options, not its parent's.
  .enablePositionalOptions();

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
};

program
  .command("ingest")
  .description("Import export files into the database; each file is one transaction")
  .argument("<files...>", "files to import")
  .option("--source <id>", "adapter id, or auto to detect from the file (mapped when --mapping is given)")
  .option(
    "--timezone <tz>",
    "IANA zone of timestamps that carry no offset (default UTC) and of the days of the data span (default $TALLYLINE_TIMEZONE or UTC)",
  )
  .option("--mapping <file>", "mapping file (JSON) for call or chat logs (docs/mapping.md)")
  .option("--skip-invalid", "import the good rows and write rejected ones, with reasons, to <file>.rejects.csv")
  .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
  .option("--json", "print a JSON summary instead of text")
  .option("--progress", "show a progress bar on stderr (default: when stderr is a terminal and not --json)")
  .option("--no-progress", "never show a progress bar")
  .option(
    "--server <url>",
    "send the files to this running server (default $TALLYLINE_URL) instead of opening the database",
  )
  .option("--key <key>", "admin API key for --server (default $TALLYLINE_KEY)")
  .action(
    async (
      files: string[],
      opts: {
        source?: string;
        timezone?: string;
        mapping?: string;
        skipInvalid?: boolean;
        db?: string;
        json?: boolean;
        progress?: boolean;
        server?: string;
        key?: string;
      },
    ) => {
      const server = opts.server ?? process.env.TALLYLINE_URL;
      if (server) {
        const { ingestRemote } = await import("./remote");
        return ingestRemote(files, { ...opts, server, key: opts.key ?? process.env.TALLYLINE_KEY });
      }
      const [
        { demoImportIds, formatIssue, IngestError, importFile },
        { databaseLine },
        { dbPath, openDb, reportZone },
        { describeImport, warningLines },
        { progressBar },
      ] = await Promise.all([
        import("@tallyline/ingest"),
        import("../config"),
        import("./database"),
        import("./format"),
        import("./progress"),
      ]);
      const database = dbPath(opts.db);
      const reportTimezone = opts.timezone ?? reportZone();
      const wh = await openDb(database);
      const results: unknown[] = [];
      let failed = false;
      const showProgress = opts.progress ?? (!opts.json && Boolean(process.stderr.isTTY));
      if (!opts.json) console.log(databaseLine(database));
      try {
        let demo = (await demoImportIds(wh)).length > 0;
        for (const file of files) {
          const bar = showProgress ? progressBar() : undefined;
          try {
            const s = await importFile(wh, file, {
              ...(opts.source ? { source: opts.source } : {}),
              timezone: opts.timezone ?? "UTC",
              reportTimezone,
              ...(opts.mapping ? { mapping: opts.mapping } : {}),
              skipInvalid: opts.skipInvalid ?? false,
              ...(bar ? { onProgress: bar.update } : {}),
            });
            bar?.stop();
            // An import removes the demo data in its transaction (docs/ingest.md "Demo data").
            const demoRemoved = demo && (await demoImportIds(wh)).length === 0;
            if (demoRemoved) demo = false;
            results.push({ ok: true, database, ...s, demoRemoved });
            if (!opts.json) {
              console.log(describeImport(file, s, demoRemoved));
              const warnings = warningLines(s.warnings);
              if (warnings.length > 0) console.error(warnings.join("\n"));
            }
          } catch (e) {
            bar?.stop();
            if (!(e instanceof IngestError)) throw e;
            failed = true;
            results.push({ ok: false, database, file, code: e.code, message: e.message, issues: e.issues });
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
  .action(async (opts: { json?: boolean; markdown?: boolean }) => {
    const { catalogueMarkdown, defaultRegistry, listItem } = await import("@tallyline/report-defs");
    if (opts.markdown) return void process.stdout.write(catalogueMarkdown(defaultRegistry().list()));
    const items = defaultRegistry().list().map(listItem);
    if (opts.json) console.log(JSON.stringify({ items }, null, 2));
    else for (const i of items) console.log(`${i.id.padEnd(24)} ${i.name}\n${" ".repeat(25)}${i.measure.definition}`);
  });

/** `report run` (cli/reportRun.ts, a flag per API query field) is loaded only when `report` is run. */
async function registerReport(running: string | undefined): Promise<void> {
  if (running !== "report") return;
  const [{ registerReportRun }, { dbPath, openDb }] = await Promise.all([import("./reportRun"), import("./database")]);
  registerReportRun(report, { open: (db) => openDb(dbPath(db)) });
}

// The other commands: only the module of the one being run is loaded (cli/commands.ts).
const running = commandName(process.argv.slice(2));
registerReport(running)
  .then(() => registerLazyCommands(program, running, { positiveInt }))
  .then(() => program.parseAsync())
  .catch((e: unknown) => {
    // ReportError, WarehouseError, IngestError and CliUsageError are Errors.
    if (e instanceof Error) {
      console.error(`tallyline: ${e.message}`);
    } else {
      console.error("tallyline:", e);
    }
    process.exitCode = e instanceof CliUsageError ? 2 : 1;
  });
