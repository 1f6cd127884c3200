/**
 * The `mapped` adapter: any call log in csv, tsv or xlsx, read through a mapping file given with
 * `--mapping` (docs/mapping.md). The mapping names the columns of each canonical `calls` field, their
 * date, time and duration formats, value maps, derived rules and keys; this adapter reads the table
 * (table.ts) and maps each row (row.ts). Rows carry the mapping's `source` and keys are prefixed
 * with it; the mapping's campaign becomes one `campaigns` row, each agent named one `agents` row.
 */
import { requireTimeZone } from "@tallyline/warehouse/time";
import type { Detection, MapContext, ReadResult, SourceAdapter, SourceFile } from "../../adapter";
import { IngestError, MAX_ISSUES, type RowIssue, WarningList } from "../../errors";
import { RowSet } from "../../rowset";
import { loadMapping } from "./load";
import { mapRow } from "./row";
import { type Condition, type Mapping, specsOf } from "./schema";
import { readTable, requireColumns } from "./table";

/** The adapter. Its `detect` scores 0: a mapped file is chosen with `--source mapped`, never by its content. */
export const mappedAdapter: SourceAdapter = {
  id: "mapped",
  description: "any call log (csv, tsv, xlsx) through a mapping file: --source mapped --mapping FILE (docs/mapping.md)",
  detect(): Detection {
    return { score: 0 };
  },
  async read(file: SourceFile, ctx: MapContext): Promise<ReadResult> {
    if (!ctx.mappingPath) {
      throw new IngestError(
        "unknown_format",
        file.name,
        [],
        `The mapped source needs a mapping file: pass --mapping FILE.json (see docs/mapping.md) to read ${file.name}`,
      );
    }
    const mapping = await loadMapping(ctx.mappingPath);
    const table = await readTable(file, mapping.format);
    requireColumns(file.name, table, referencedColumns(mapping));
    const rowCtx = {
      mapping,
      file: file.name,
      timezone: mapping.timezone ? requireTimeZone(mapping.timezone) : ctx.timezone,
      importId: ctx.importId,
      date1904: table.date1904,
    };
    const issues: RowIssue[] = [...table.issues];
    const warnings = new WarningList();
    const rows = new RowSet();
    rows.add({
      campaigns: [
        {
          campaign_id: mapping.campaign.id,
          source: mapping.source,
          import_id: ctx.importId,
          name: mapping.campaign.name,
          channel: "call",
        },
      ],
    });
    for (const row of table.rows) {
      if (issues.length >= MAX_ISSUES) break;
      const result = mapRow(row, rowCtx);
      if ("issues" in result) issues.push(...result.issues);
      else {
        rows.add(result.rows);
        if (result.warnings) warnings.add(...result.warnings);
      }
    }
    return { rows: rows.byTable(), issues, warnings, records: table.rows.length + table.issues.length };
  },
};

/** Every column a mapping reads, in order of first mention. */
export function referencedColumns(m: Mapping): string[] {
  const out = new Set<string>();
  const fromCondition = (c: Condition): void => {
    if ("all" in c) c.all.forEach(fromCondition);
    else if ("any" in c) c.any.forEach(fromCondition);
    else if ("not" in c) fromCondition(c.not);
    else if ("column" in c) out.add(c.column);
  };
  for (const [name, spec] of Object.entries(m.fields)) {
    if (typeof spec === "string") out.add(spec);
    for (const [s] of spec === undefined ? [] : specsOf(spec, [name])) {
      const { column, date, time, template, when, rule } = s as Record<string, unknown>;
      for (const c of [column, date, time]) if (typeof c === "string") out.add(c);
      for (const match of typeof template === "string" ? template.matchAll(/\{([^{}]+)\}/g) : [])
        out.add(match[1] as string);
      for (const c of [when, rule]) if (c) fromCondition(c as Condition);
    }
  }
  for (const c of Object.values(m.conditions ?? {})) fromCondition(c);
  return [...out];
}
