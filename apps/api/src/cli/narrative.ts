/**
 * `tallyline narrative` (issue 14, seed 000 Reports):
 *   narrative generate --scope campaign:ID|segment:ID|check:ID|calls:ID,ID...|chat-campaign:ID|chat-segment:ID|conversations:ID,...
 *                      (--from D --to D | --period-days N) [--timezone TZ] [--db FILE] [--json]
 *   narrative list [--db FILE] [--json]
 *   narrative show <id> [--db FILE] [--json | --format text|json|pdf] [--out FILE] [--paper A4|Letter]
 *   narrative delete <id> [--db FILE]
 * `generate` prints the stored report: its facts, its sections and which narrator wrote them
 * (the AI narrator when TALLYLINE_AI_BASE_URL and TALLYLINE_AI_MODEL are set, else the rules), and
 * without --json its steps on stderr while it runs (a bar on a terminal, else plain lines).
 * Exit status 1 for a rejected scope or period, or a report that failed (stored as failed).
 */

import { writeFile } from "node:fs/promises";
import {
  aiConfigFromEnv,
  type Grouping,
  generateNarrative,
  type Narrative,
  NarrativeNotFound,
  NarrativeStore,
  type Progress,
  ScopeError,
} from "@tallyline/narrative";
import { ReportError } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config";
import { resolveScope } from "../narrative/scope";
import { pdfFromCli } from "./pdf";

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
};

/** How a report's issues were grouped, in words (null for reports stored before it was kept). */
export function groupingText(g: Grouping | undefined): string | null {
  if (!g) return null;
  if (g.method === "embeddings")
    return `common issues grouped by meaning: embeddings of ${g.model ?? "the configured model"}, cosine similarity ${g.threshold} or more`;
  if (g.method === "lexical")
    return `common issues grouped by wording: lexical similarity (Dice) ${g.threshold} or more${g.note ? ` (${g.note})` : ""}`;
  return null;
}

/**
 * Prints a generation's steps on stderr: a cli-progress bar on a terminal, else one plain line per
 * step (`narrative: 45% Grouping common issues`). `stop` ends the bar (idempotent).
 */
export function stepPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  stop: () => void;
} {
  if (!stream.isTTY)
    return {
      update: (p) => void stream.write(`narrative: ${String(p.percent).padStart(3)}% ${p.label}\n`),
      stop: () => {},
    };
  const bar = new SingleBar({
    format: "narrative [{bar}] {percentage}% {label}",
    barCompleteChar: "=",
    barIncompleteChar: "-",
    hideCursor: true,
    stream,
  });
  let started = false;
  let stopped = false;
  return {
    update: (p) => {
      if (!started) bar.start(100, 0, { label: p.label });
      started = true;
      bar.update(p.percent, { label: p.label });
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

/** A report as text: header, summary, issues, recommendations, then the facts. */
export function narrativeText(n: Narrative): string {
  const lines = [
    `${n.name}`,
    `id ${n.id} · ${n.status} · narrator ${n.narrator ?? "-"} · ${n.period.from} to ${n.period.to} (${n.period.timezone}) · generated ${n.generatedAt ?? "-"}`,
  ];
  if (n.failure) lines.push(`note: ${n.failure}`);
  if (n.usage) lines.push(`tokens: ${n.usage.promptTokens} prompt, ${n.usage.completionTokens} completion`);
  const grouping = groupingText(n.content?.grouping);
  if (grouping) lines.push(grouping);
  const c = n.content;
  if (c) {
    lines.push("", "Executive summary", ...c.sections.executiveSummary.flatMap((p) => [p, ""]));
    if (c.sections.commonIssues.length > 0) {
      lines.push("Common issues");
      for (const i of c.sections.commonIssues) {
        const issue = c.issues.find((x) => x.id === i.issueId);
        lines.push(`- ${i.text}${issue?.examples.length ? ` (examples: ${issue.examples.join(", ")})` : ""}`);
      }
      lines.push("");
    }
    lines.push("Recommendations");
    for (const [h, label] of [
      ["immediate", "Immediate"],
      ["shortTerm", "Short-term"],
      ["longTerm", "Long-term"],
    ] as const)
      for (const r of c.sections.recommendations[h]) lines.push(`- ${label}: ${r}`);
    lines.push("", "Facts");
    for (const f of c.facts) {
      if (f.unit === "text" || f.id.startsWith("rule.")) continue;
      const extra = [
        f.passBand,
        f.sample ? `sample ${f.sample.size} (${f.sample.band.replace("_", " ")})` : undefined,
        f.trend && f.trend.arrow !== "–" ? `${f.trend.arrow} ${f.trend.meaning}` : undefined,
      ].filter(Boolean);
      lines.push(
        `${f.id.padEnd(34)} ${f.formatted.padStart(12)}  ${f.label}${extra.length ? ` [${extra.join(", ")}]` : ""}`,
      );
    }
  }
  return lines.join("\n");
}

/** Registers `narrative generate|list|show|delete`; `open` opens the database of `--db`. */
export function registerNarrative(program: Command, open: (db: string | undefined) => Promise<Warehouse>): void {
  const cmd = program.command("narrative").description("Narrative reports: generate, list, show, delete (seed 000)");
  const withDb = async <T>(db: string | undefined, fn: (wh: Warehouse) => Promise<T>): Promise<T> => {
    const wh = await open(db);
    try {
      return await fn(wh);
    } finally {
      await wh.close();
    }
  };
  const fail = (e: unknown) => {
    if (e instanceof ScopeError || e instanceof ReportError || e instanceof NarrativeNotFound) {
      console.error(`tallyline: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  };

  cmd
    .command("generate")
    .description("Compute the facts of a scope, write the report (AI when configured, else rules) and store it")
    .requiredOption(
      "--scope <scope>",
      "campaign:ID, segment:ID, check:ID, calls:ID,ID..., chat-campaign:ID, chat-segment:ID or conversations:ID,...",
    )
    .option("--from <date>", "first day, YYYY-MM-DD (with --to)")
    .option("--to <date>", "last day, YYYY-MM-DD (inclusive)")
    .option("--period-days <n>", "the last N days (default 30)", positiveInt)
    .option("--timezone <tz>", "IANA zone of the days (default $TALLYLINE_TIMEZONE or UTC)")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .option("--json", "print the stored report as JSON")
    .action(
      async (o: {
        scope: string;
        from?: string;
        to?: string;
        periodDays?: number;
        timezone?: string;
        db?: string;
        json?: boolean;
      }) => {
        if ((o.from || o.to) && o.periodDays)
          throw new InvalidArgumentError("give --from/--to or --period-days, not both");
        try {
          const steps = o.json ? undefined : stepPrinter();
          await withDb(o.db, async (wh) => {
            const scope = await resolveScope(wh, o.scope);
            const n = await generateNarrative({
              db: wh,
              execute: (sql, params) => wh.query(sql, params),
              scope,
              period: {
                ...(o.from !== undefined ? { from: o.from } : {}),
                ...(o.to !== undefined ? { to: o.to } : {}),
                ...(o.periodDays !== undefined ? { periodDays: o.periodDays } : {}),
                ...(o.timezone ? { timezone: o.timezone } : {}),
              },
              author: { kind: "cli", id: null },
              ai: aiConfigFromEnv(),
              defaultTimezone: loadConfig({ TALLYLINE_TIMEZONE: process.env.TALLYLINE_TIMEZONE }).timezone,
              ...(steps ? { onProgress: steps.update } : {}),
            }).finally(() => steps?.stop());
            if (steps && !process.stderr.isTTY) steps.update(n.progress);
            console.log(o.json ? JSON.stringify(n, null, 2) : narrativeText(n));
            if (n.status === "failed") process.exitCode = 1;
          });
        } catch (e) {
          fail(e);
        }
      },
    );

  cmd
    .command("list")
    .description("List stored reports, newest first")
    .option("--db <file>", "DuckDB file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      await withDb(o.db, async (wh) => {
        const items = await new NarrativeStore(wh).list();
        if (o.json) console.log(JSON.stringify({ items }, null, 2));
        else
          for (const n of items)
            console.log(`${n.id}  ${n.status.padEnd(7)} ${(n.narrator ?? "-").padEnd(5)} ${n.createdAt}  ${n.name}`);
      });
    });

  cmd
    .command("show")
    .description("Print one stored report, or export it (--format json|pdf --out FILE)")
    .argument("<id>", "report id")
    .option("--db <file>", "DuckDB file")
    .option("--json", "print JSON (same as --format json)")
    .option("--format <format>", "text (default), json (the stored report with its facts) or pdf (needs --out)")
    .option("--out <file>", "write to this file instead of printing")
    .option("--paper <paper>", "PDF paper: A4 or Letter (default A4)")
    .action(async (id: string, o: { db?: string; json?: boolean; format?: string; out?: string; paper?: string }) => {
      const format = o.format ?? (o.json ? "json" : "text");
      if (!["text", "json", "pdf"].includes(format))
        throw new InvalidArgumentError(`--format ${format}: expected text, json or pdf`);
      if (format === "pdf" && !o.out) throw new InvalidArgumentError("--format pdf needs --out FILE");
      try {
        const n = await withDb(o.db, (wh) => new NarrativeStore(wh).get(id));
        if (format === "pdf") {
          // The database is closed again before the printer's own server opens it.
          console.log(
            await pdfFromCli({
              page: `/reports/${n.id}`,
              out: o.out as string,
              ...(o.db ? { db: o.db } : {}),
              ...(o.paper ? { paper: o.paper } : {}),
            }),
          );
          return;
        }
        const text = format === "json" ? JSON.stringify(n, null, 2) : narrativeText(n);
        if (o.out) {
          await writeFile(o.out, `${text}\n`);
          console.log(`Wrote ${o.out}: ${n.name}`);
        } else console.log(text);
      } catch (e) {
        if (format === "pdf" && !(e instanceof NarrativeNotFound)) {
          console.error(`tallyline: ${(e as Error).message}`);
          process.exitCode = 1;
          return;
        }
        fail(e);
      }
    });

  cmd
    .command("delete")
    .description("Delete a stored report (call data is untouched)")
    .argument("<id>", "report id")
    .option("--db <file>", "DuckDB file")
    .action(async (id: string, o: { db?: string }) => {
      try {
        await withDb(o.db, async (wh) => {
          await new NarrativeStore(wh).delete(id);
          console.log(`Deleted narrative report ${id}`);
        });
      } catch (e) {
        fail(e);
      }
    });
}
