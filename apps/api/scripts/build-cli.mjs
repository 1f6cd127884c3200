/**
 * The compiled CLI: esbuild bundles apps/api/src/cli/main.ts, with the workspace packages it
 * imports (they ship TypeScript source), into apps/api/dist/cli.mjs plus code-split chunks, so
 * `pnpm tallyline`, `pnpm start` and the tests run Node on JavaScript instead of transpiling
 * the import graph with tsx at every start (issue 12). tsx stays for development.
 *
 * - `node apps/api/scripts/build-cli.mjs [--force]` builds (the package's `build` script; skipped
 *   when the build is fresh, unless --force).
 * - Every other package (node_modules) stays external: each bare import is resolved at build time
 *   from the importing file, as Node would, and written as a relative path to the resolved file,
 *   so a package that only a workspace package depends on (pnpm does not hoist it to apps/api)
 *   is still found, and Node loads the same file it would load under tsx.
 * - The commands stay lazy: the `await import()`s of main.ts and cli/commands.ts become chunks
 *   (`splitting`), so `tallyline --help` loads neither DuckDB, Hono nor the API.
 * - `import.meta.dirname` / `import.meta.url` in a source file are rewritten to the source file's
 *   own folder / URL (relative to the output), so paths such as the shipped mappings
 *   (packages/ingest/mappings) and the web app's dist resolve as under tsx.
 * - Source maps (`*.mjs.map`, no sources content): with Node's `--enable-source-maps` (the root
 *   scripts) or `process.setSourceMapsEnabled(true)` (the launcher, scripts/tallyline.mjs), stack
 *   traces name the TypeScript file and line.
 * - dist/build-info.json lists every source file the bundle read, with its size and mtime, plus
 *   the lockfile, the package.json files and this script: {@link cliFresh} compares them, so a
 *   stale bundle is never run by the launcher or the tests.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** The repository root (the workspace). */
export const REPO = resolve(import.meta.dirname, "../../..");
/** The output folder (apps/api/dist). */
export const DIST = resolve(import.meta.dirname, "../dist");
/** The compiled entry point: `node --enable-source-maps apps/api/dist/cli.mjs <command>`. */
export const CLI = join(DIST, "cli.mjs");
/** The TypeScript entry point it is built from. */
export const MAIN = resolve(import.meta.dirname, "../src/cli/main.ts");
/** The freshness record of the last build. */
export const BUILD_INFO = join(DIST, "build-info.json");

/** Files that are not bundled but change what the build writes. */
const EXTRA_INPUTS = [
  "pnpm-lock.yaml",
  "package.json",
  "apps/api/package.json",
  "apps/api/scripts/build-cli.mjs",
  "tsconfig.base.json",
];

/**
 * True when dist/cli.mjs exists and every file the last build read (bundled sources, lockfile,
 * package.json files, this script) still has the size and mtime it had then, and every output exists.
 * @param {string} [infoPath] the build record to check (default {@link BUILD_INFO}).
 * @returns {boolean}
 */
export function cliFresh(infoPath = BUILD_INFO) {
  let info;
  try {
    info = JSON.parse(readFileSync(infoPath, "utf8"));
  } catch {
    return false;
  }
  if (info.version !== 1) return false;
  for (const out of info.outputs) if (!existsSync(join(DIST, out))) return false;
  for (const [file, size, mtimeMs] of info.inputs) {
    let s;
    try {
      s = statSync(join(REPO, file));
    } catch {
      return false;
    }
    if (s.size !== size || s.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/** A path as written in an import: relative, with forward slashes, starting with `./` or `../`. */
function importPath(from, to) {
  const rel = relative(from, to).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * Bundles the CLI into dist (see the file's comment). Writes each output through a temporary file
 * and a rename, and build-info.json last, so a concurrent reader sees either build whole; removes
 * outputs of earlier builds that are over ten minutes old.
 * @param {{ force?: boolean, quiet?: boolean }} [options] force: build even when fresh.
 * @returns {Promise<{ built: boolean, seconds: number }>} whether it built, and how long it took (wall seconds).
 */
export async function buildCli(options = {}) {
  const started = performance.now();
  if (!options.force && cliFresh()) return { built: false, seconds: 0 };
  const esbuild = await import("esbuild");
  /** @type {import("esbuild").Plugin} */
  const external = {
    name: "tallyline-external",
    setup(build) {
      // Bare imports other than the workspace packages: external, as a relative path to the file Node would load.
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.inner || args.path.startsWith("@tallyline/")) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { inner: true },
        });
        if (r.errors.length > 0) return { errors: r.errors };
        return { path: importPath(DIST, r.path), external: true };
      });
      // import.meta.dirname / import.meta.url of a source file: its own folder and URL, not the bundle's.
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        let contents = readFileSync(args.path, "utf8");
        if (contents.includes("import.meta.dirname") || contents.includes("import.meta.url")) {
          const dir = JSON.stringify(`/${importPath(DIST, dirname(args.path))}`);
          const url = JSON.stringify(importPath(DIST, args.path));
          contents = contents
            .replaceAll("import.meta.dirname", `(import.meta.dirname + ${dir})`)
            .replaceAll("import.meta.url", `new URL(${url}, import.meta.url).href`);
        }
        return { contents, loader: "ts" };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: { cli: MAIN },
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: [],
    outExtension: { ".js": ".mjs" },
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "warning",
    plugins: [external],
  });
  mkdirSync(DIST, { recursive: true });
  const outputs = [];
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
    outputs.push(relative(DIST, file.path));
  }
  const metaPath = join(DIST, "meta.json");
  writeFileSync(`${metaPath}.${process.pid}.tmp`, JSON.stringify(result.metafile));
  renameSync(`${metaPath}.${process.pid}.tmp`, metaPath);
  const inputs = [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS].map((file) => {
    const s = statSync(join(REPO, file));
    return [file, s.size, s.mtimeMs];
  });
  const info = join(DIST, `build-info.json.${process.pid}.tmp`);
  writeFileSync(info, JSON.stringify({ version: 1, outputs, inputs }));
  renameSync(info, BUILD_INFO);
  // Earlier builds' chunks: removed once no process started before this build can still load them.
  const keep = new Set([...outputs, "meta.json", "build-info.json"]);
  for (const name of readdirSync(DIST)) {
    const path = join(DIST, name);
    if (!keep.has(name) && Date.now() - statSync(path).mtimeMs > 600_000) unlinkSync(path);
  }
  const seconds = (performance.now() - started) / 1000;
  if (!options.quiet)
    console.error(`tallyline: built ${relative(REPO, CLI)} (${outputs.length} files) in ${seconds.toFixed(1)} s`);
  return { built: true, seconds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildCli({ force: process.argv.includes("--force") });
}
