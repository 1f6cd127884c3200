import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const FILE = join(import.meta.dirname, "../docs/benchmarks.md");
const HEAD =
  "# Benchmarks\n\nEach section is rewritten by its own `pnpm bench*:* --write`; CI runs only the `--smoke` versions.\n";

/** The machine, for the record: cores, CPU model, memory, Node, date. */
export function machine(): string {
  return `${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** Replaces the `## heading` section of docs/benchmarks.md with `body` (or appends it), keeping the others. */
export function writeSection(heading: string, body: readonly string[]): void {
  const doc = existsSync(FILE) ? readFileSync(FILE, "utf8") : HEAD;
  const section = `## ${heading}\n\n${body.join("\n")}\n`;
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) {
    writeFileSync(FILE, `${doc.trimEnd()}\n\n${section}`);
    return;
  }
  const next = doc.indexOf("\n## ", start + 1);
  writeFileSync(FILE, `${doc.slice(0, start + 1)}${section}${next < 0 ? "" : `\n${doc.slice(next + 1)}`}`);
}
