/**
 * A Vite build plugin that writes a Brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy
 * beside every text asset of the build (JS, CSS, HTML, SVG, JSON) of at least 256 bytes, so the
 * server sends compressed files without compressing per request (the API serves them with
 * `serveStatic({ precompressed: true })`, apps/api/src/webAssets.ts).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const TEXT = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
/** Smaller files gain nothing worth a second request path. */
const MIN_BYTES = 256;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Writes `file.br` and `file.gz` beside each text file of `dir` of {@link MIN_BYTES} or more; returns the files compressed. */
export function precompressDir(dir: string): string[] {
  const done: string[] = [];
  for (const file of filesUnder(dir)) {
    if (!TEXT.test(file)) continue;
    const body = readFileSync(file);
    if (body.length < MIN_BYTES) continue;
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    done.push(file);
  }
  return done;
}

/** The plugin: after the bundle is written, pre-compresses the output folder. */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "tallyline-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir.startsWith("/") ? config.build.outDir : join(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}
