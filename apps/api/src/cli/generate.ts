/**
 * `tallyline generate [--out DIR] [--seed N] [--days N] [--end YYYY-MM-DD] [--timezone TZ] [--scale N] [--json]`:
 * writes deterministic synthetic data (packages/synth/src): one canonical CSV per table,
 * the eight Conversation24 exports under `c24/`, and `ground-truth.json` with the figures the
 * generator produced. The same options always give byte-identical files.
 * Exit status 1 when an option value is rejected (bad date, zone or number).
 */
import { generate, writeGenerated } from "@tallyline/synth";
import { type Command, InvalidArgumentError } from "commander";

const wholeNumber =
  (min: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    }
    return n;
  };

/** Registers the `generate` command on `program`. */
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("Write synthetic data: canonical CSV files, the eight Conversation24 exports and ground-truth.json")
    .option("--out <dir>", "output folder", "./generated")
    .option("--seed <n>", "random seed (same seed and options: same files)", wholeNumber(-(2 ** 31)), 1)
    .option("--days <n>", "number of days, ending with --end", wholeNumber(1), 90)
    .option("--end <date>", "last day, YYYY-MM-DD (default: today in --timezone)")
    .option("--timezone <tz>", "IANA zone of the simulated contact centre", "Europe/Amsterdam")
    .option("--scale <n>", "calls and conversations on an average weekday", wholeNumber(1), 300)
    .option("--json", "print a JSON summary instead of text")
    .action(
      async (o: {
        out: string;
        seed: number;
        days: number;
        end?: string;
        timezone: string;
        scale: number;
        json?: boolean;
      }) => {
        const started = Date.now();
        const g = generate({
          seed: o.seed,
          days: o.days,
          timezone: o.timezone,
          scale: o.scale,
          ...(o.end ? { end: o.end } : {}),
        });
        const { files, truth } = await writeGenerated(o.out, g);
        const seconds = (Date.now() - started) / 1000;
        if (o.json) {
          console.log(
            JSON.stringify(
              {
                out: o.out,
                files,
                generator: truth.generator,
                rows: truth.rows,
                c24Records: truth.c24Records,
                seconds,
              },
              null,
              2,
            ),
          );
          return;
        }
        const rows = Object.entries(truth.rows).map(([t, n]) => `${n.toLocaleString("en-US")} ${t}`);
        console.log(
          `Generated ${truth.generator.from} to ${truth.generator.to} (${truth.generator.timezone}, seed ${truth.generator.seed}) in ${seconds.toFixed(1)} s into ${o.out}:\n` +
            `  canonical: ${rows.join(", ")}\n` +
            `  c24/: ${Object.entries(truth.c24Records)
              .map(([f, n]) => `${f} ${n.toLocaleString("en-US")}`)
              .join(", ")}\n` +
            "  ground-truth.json: the figures to expect after importing either set",
        );
      },
    );
}
