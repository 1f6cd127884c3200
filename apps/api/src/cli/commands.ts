/**
 * The `tallyline` commands defined in modules of their own, loaded only when run (main.ts).
 *
 * main.ts reads the command's name from the arguments ({@link commandName}) and registers only
 * that command's module, with `await import()`: the modules pull in DuckDB, the API (Hono) or
 * Chromium's driver, and loading all of them cost about 2 s of CPU before any command ran
 * (docs/benchmarks.md "Canonical export"). Every other command is registered as a stub with its
 * name and description ({@link registerLazyCommands}), so the top-level help still lists every command
 * and a mistyped name still gets commander's suggestion, without loading a module. The
 * descriptions here are the modules' own, word for word (apps/api/test/cli.lazy.test.ts checks it).
 * A new command in a module of its own gets a row in {@link LAZY_COMMANDS} (the test fails on a
 * top-level command a module registers without a row); `ingest` and `report` live in main.ts.
 */
import type { Command } from "commander";

/** What a command module's register function needs from main.ts. */
export interface CommandHelpers {
  /** Parses a whole number of at least 1 (commander option parser; main.ts `positiveInt`). */
  readonly positiveInt: (v: string) => number;
}

/** A command of its own module: its help description and the loader that registers it (and any sibling command of the same module). */
export interface LazyCommand {
  readonly description: string;
  readonly register: (program: Command, helpers: CommandHelpers) => Promise<void>;
}

/** Loads the `user` and `key` commands (one module registers both). */
async function accounts(program: Command): Promise<void> {
  const [{ registerAccounts }, { dbPath, openDb }] = await Promise.all([import("./accounts"), import("./database")]);
  registerAccounts(program, (db) => openDb(dbPath(db)));
}

/** The commands of modules of their own, by name, in the order of the top-level help. */
export const LAZY_COMMANDS: Readonly<Record<string, LazyCommand>> = {
  serve: {
    description: "Serve the API and the dashboard (loads the demo data into an empty database, see TALLYLINE_DEMO)",
    register: async (program) => (await import("./serve")).registerServe(program),
  },
  demo: {
    description: "Load the demo data into a database without data of your own, and serve it",
    register: async (program) => (await import("./demo")).registerDemo(program),
  },
  pdf: {
    description: "Print a dashboard page to PDF with Chromium (CHROMIUM_PATH, default /usr/bin/chromium)",
    register: async (program, { positiveInt }) => (await import("./pdf")).registerPdf(program, positiveInt),
  },
  generate: {
    description: "Write synthetic data: canonical CSV files, the eight Conversation24 exports and ground-truth.json",
    register: async (program) => (await import("./generate")).registerGenerate(program),
  },
  "export-c24": {
    description: "Write the eight Conversation24 exports (seed 003) from the database, as CSV files the importer reads",
    register: async (program) => (await import("./export-c24")).registerExportC24(program),
  },
  export: {
    description: "Write canonical tables as Parquet or CSV files, one per UTC month, with manifest.json",
    register: async (program) => {
      const [{ registerExport }, { openDb }] = await Promise.all([import("./tableExport"), import("./database")]);
      registerExport(program, openDb);
    },
  },
  live: {
    description: "Open, unattended, unassigned and pending conversations now, by campaign and team (issue 16)",
    register: async (program) => (await import("./live")).registerLive(program),
  },
  user: { description: "Add and list users (stop the server first)", register: accounts },
  key: { description: "Create, list and revoke API keys (stop the server first)", register: accounts },
  narrative: {
    description: "Narrative reports: generate, list, show, delete (seed 000)",
    register: async (program) => {
      const [{ registerNarrative }, { dbPath, openDb }] = await Promise.all([
        import("./narrative"),
        import("./database"),
      ]);
      registerNarrative(program, (db) => openDb(dbPath(db)));
    },
  },
  schedule: {
    description: "Scheduled report e-mails: list, run-now (issue 15)",
    register: async (program) => {
      const [{ registerSchedule }, { dbPath, openDb }] = await Promise.all([
        import("./schedule"),
        import("./database"),
      ]);
      registerSchedule(program, (db) => openDb(dbPath(db)));
    },
  },
};

/**
 * The command a command line runs: its first word that is not an option (`tallyline [-h] <command>
 * ...`: the program itself has no option taking a value), or for `help <command>` the second; undefined
 * when there is none (`tallyline`, `tallyline --help`).
 */
export function commandName(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * Registers on `program` the module of `name` when it is one of {@link LAZY_COMMANDS} (loading it),
 * then a stub (name and description, no options, no action) for every other lazy command not
 * registered yet: enough for the top-level help and for commander's "did you mean" on a typo.
 */
export async function registerLazyCommands(
  program: Command,
  name: string | undefined,
  helpers: CommandHelpers,
): Promise<void> {
  const chosen = name !== undefined && Object.hasOwn(LAZY_COMMANDS, name) ? LAZY_COMMANDS[name] : undefined;
  if (chosen) await chosen.register(program, helpers);
  const have = new Set(program.commands.map((c) => c.name()));
  for (const [other, { description }] of Object.entries(LAZY_COMMANDS))
    if (!have.has(other)) program.command(other).description(description);
}
