/**
 * The progress bar of `tallyline ingest` on stderr (cli-progress): one line per file, updated from
 * {@link ImportProgress} reports, e.g. `calls.csv [=========---------] 48% writing`.
 */
import type { ImportProgress } from "@tallyline/ingest";
import { SingleBar } from "cli-progress";

/** A bar for one file: `update` takes importFile's progress reports; `stop` ends the line (idempotent). */
export interface FileProgressBar {
  readonly update: (p: ImportProgress) => void;
  readonly stop: () => void;
}

/**
 * A bar on stderr. It draws also when stderr is not a terminal (then once per update, as plain
 * lines), since `--progress` asks for it explicitly.
 */
export function progressBar(): FileProgressBar {
  const bar = new SingleBar({
    format: "{file} [{bar}] {percentage}% {phase}",
    barCompleteChar: "=",
    barIncompleteChar: "-",
    hideCursor: true,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 1000,
    stream: process.stderr,
  });
  let started = false;
  let stopped = false;
  return {
    update: (p) => {
      const payload = { file: p.file, phase: p.phase };
      if (!started) {
        bar.start(100, 0, payload);
        started = true;
      }
      bar.update(Math.round(p.percent ?? bar.getProgress() * 100), payload);
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
