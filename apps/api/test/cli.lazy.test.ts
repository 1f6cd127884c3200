/**
 * The CLI loads only the module of the command being run (apps/api/src/cli/commands.ts, main.ts):
 * - `tallyline --help` through the real binary, with a module-resolution hook of this test that logs
 *   every module the process resolves: neither DuckDB, Hono, the API (app.ts, server.ts) nor any
 *   command module is loaded, and the help still lists every command with its description;
 * - `tallyline export --help` loads the export module (its options appear) but not the API; a
 *   mistyped command gets commander's suggestion;
 * - the stubs' descriptions are the modules' own, and the lazy table names every top-level command
 *   the modules register (a command added to a module without a row here would be missing from help);
 * - the compiled CLI (apps/api/dist, scripts/build-cli.mjs) stays as lazy: the chunks `--help` loads
 *   hold (by esbuild's metafile) neither DuckDB, Hono, the API nor a command module, and those of
 *   `export --help` hold the export module but not the API.
 * The first two run the TypeScript source (tsx), whose resolved URLs name the modules themselves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, DIST } from "../scripts/build-cli.mjs";
import { commandName, LAZY_COMMANDS } from "../src/cli/commands";
import { type CliKind, tallyline } from "./testutil/process";

let dir: string;
let register: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-cli-lazy-"));
  // A resolve hook (node:module register) that appends every resolved URL to $TL_IMPORT_LOG.
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TL_IMPORT_LOG, r.url + "\\n");
  return r;
}
`,
  );
  register = join(dir, "register.mjs");
  writeFileSync(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules `tallyline args...` resolves (running the CLI `which`, default the TypeScript source), and its output. */
async function resolved(
  args: string[],
  which: CliKind = "tsx",
): Promise<{ urls: string[]; stdout: string; stderr: string; code: number }> {
  const log = join(dir, `imports-${which}-${args.join("-").replace(/\W/g, "")}.txt`);
  writeFileSync(log, "");
  const run = await tallyline(args, { TL_IMPORT_LOG: log, NODE_OPTIONS: `--import ${register}` }, "", which);
  return { ...run, urls: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

describe("tallyline start-up", () => {
  it("--help loads neither DuckDB, Hono, the API nor a command module, and lists every command", async () => {
    const { urls, stdout, code, stderr } = await resolved(["--help"]);
    expect(code, stderr).toBe(0);
    // The hook saw the CLI itself: the log is real.
    expect(urls.some((u) => u.endsWith("/apps/api/src/cli/main.ts"))).toBe(true);
    expect(urls.some((u) => u.endsWith("/apps/api/src/cli/commands.ts"))).toBe(true);
    const heavy = urls.filter((u) =>
      /@duckdb|\/hono\/|@hono|\/apps\/api\/src\/(app|server)\.ts|\/packages\/warehouse\/|\/cli\/(tableExport|serve|accounts|database|pdf)\.ts/.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
    for (const [name, { description }] of Object.entries(LAZY_COMMANDS)) {
      expect(stdout, name).toMatch(new RegExp(`^  ${name.replace("-", "\\-")} `, "m"));
      expect(stdout.replace(/\s+/g, " "), name).toContain(description);
    }
    expect(stdout).toMatch(/^ {2}ingest \[options\] <files\.\.\.>/m);
    expect(stdout).toMatch(/^ {2}report /m);
  }, 60_000);

  it("export --help loads the export module (its options are listed), not the API; a mistyped command is suggested", async () => {
    const { urls, stdout, code } = await resolved(["export", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: tallyline export [options] <table|all>");
    expect(stdout).toContain("--column-checksums");
    expect(urls.some((u) => u.endsWith("/apps/api/src/cli/tableExport.ts"))).toBe(true);
    // Nor the API: the configuration it reads (config.ts) no longer pulls in the public links' module.
    const api = urls.filter((u) =>
      /\/hono\/|@hono|\/apps\/api\/src\/(app|server|links\/links)\.ts|\/cli\/serve\.ts/.test(u),
    );
    expect(api).toEqual([]);
    const typo = await tallyline(["exprot", "all"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("unknown command 'exprot'");
    expect(typo.stderr).toContain("(Did you mean export?)");
  }, 60_000);

  it("the stubs' descriptions are the modules' own; every top-level command of the modules has a row", async () => {
    const registered = new Set<string>();
    for (const [name, lazy] of Object.entries(LAZY_COMMANDS)) {
      const one = new Command("tallyline").enablePositionalOptions();
      await lazy.register(one, { positiveInt: Number });
      const cmd = one.commands.find((c) => c.name() === name);
      expect(cmd?.description(), name).toBe(lazy.description);
      for (const c of one.commands) registered.add(c.name());
    }
    expect([...registered].sort()).toEqual(Object.keys(LAZY_COMMANDS).sort());
  }, 60_000);

  it("commandName: the first word that is not an option; help <command>", () => {
    expect(commandName(["export", "all", "--format", "parquet"])).toBe("export");
    expect(commandName(["--help"])).toBeUndefined();
    expect(commandName([])).toBeUndefined();
    expect(commandName(["help", "serve"])).toBe("serve");
    expect(commandName(["-h", "key", "create"])).toBe("key");
  });
});

describe("the compiled CLI (apps/api/dist) stays lazy", () => {
  /** The source files (`/apps/...`, `/packages/...`) bundled into the dist files among `urls` (esbuild's metafile), and the other URLs. */
  function sources(urls: string[]): string[] {
    const meta = JSON.parse(readFileSync(join(DIST, "meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const out: string[] = [];
    for (const u of urls) {
      const m = /\/apps\/api\/dist\/([^/]+\.mjs)$/.exec(u);
      const chunk = m?.[1] ? meta.outputs[`apps/api/dist/${m[1]}`] : undefined;
      if (m && !chunk) throw new Error(`no metafile entry for ${u}`);
      if (chunk) out.push(...Object.keys(chunk.inputs).map((i) => `/${i}`));
      else out.push(u);
    }
    return out;
  }
  beforeAll(() => buildCli(), 60_000);

  it("--help loads neither DuckDB, Hono, the API nor a command module", async () => {
    const { urls, stdout, code, stderr } = await resolved(["--help"], "compiled");
    expect(code, stderr).toBe(0);
    expect(urls.some((u) => u.endsWith("/apps/api/dist/cli.mjs"))).toBe(true);
    const loaded = sources(urls);
    expect(loaded).toContain("/apps/api/src/cli/main.ts");
    expect(loaded).toContain("/apps/api/src/cli/commands.ts");
    const heavy = loaded.filter((u) =>
      /@duckdb|\/hono\/|@hono|\/apps\/api\/src\/(app|server)\.ts|\/packages\/warehouse\/|\/cli\/(tableExport|serve|accounts|database|pdf)\.ts/.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
    for (const name of Object.keys(LAZY_COMMANDS))
      expect(stdout, name).toMatch(new RegExp(`^  ${name.replace("-", "\\-")} `, "m"));
  }, 60_000);

  it("export --help loads the export module, not the API", async () => {
    const { urls, stdout, code, stderr } = await resolved(["export", "--help"], "compiled");
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("--column-checksums");
    const loaded = sources(urls);
    expect(loaded).toContain("/apps/api/src/cli/tableExport.ts");
    expect(
      loaded.filter((u) => /\/hono\/|@hono|\/apps\/api\/src\/(app|server|links\/links)\.ts|\/cli\/serve\.ts/.test(u)),
    ).toEqual([]);
  }, 60_000);
});
