/**
 * The time span of data: first and last instant of the facts, and their calendar days in a zone.
 * Told after an import (the import summary, `tallyline ingest`) and by the report list (the
 * dashboard opens on the latest period that has data).
 */
import { FACT_TIME_COLUMNS, type Transaction } from "@tallyline/warehouse";
import { localDate } from "@tallyline/warehouse/time";

/** The main time column of each fact table (defined in the warehouse schema, where exports use it too). */
export { FACT_TIME_COLUMNS };

/** Tables of {@link FACT_TIME_COLUMNS}. */
export type FactTable = keyof typeof FACT_TIME_COLUMNS;

/** First and last instant of some data, and their calendar days in `timezone`. */
export interface DataSpan {
  /** Earliest instant, ISO-8601 UTC (`2026-03-01T09:00:00.000Z`). */
  readonly firstAt: string;
  /** Latest instant, ISO-8601 UTC. */
  readonly lastAt: string;
  /** Calendar day of `firstAt` in `timezone`, `YYYY-MM-DD`. */
  readonly firstDay: string;
  /** Calendar day of `lastAt` in `timezone`, `YYYY-MM-DD`. */
  readonly lastDay: string;
  /** The IANA zone of the days. */
  readonly timezone: string;
}

/**
 * The span of the facts in the database ({@link FACT_TIME_COLUMNS}), or of the rows import
 * `importId` last wrote when given; null when there is no fact row with a time. `tables` limits
 * the tables read (an import reads only those it wrote). Days are in `timezone` (an IANA zone the
 * caller has validated). One statement; min/max over each time column.
 */
export async function dataSpan(
  q: Pick<Transaction, "query">,
  timezone: string,
  options: { importId?: string; tables?: readonly string[] } = {},
): Promise<DataSpan | null> {
  const tables = (Object.keys(FACT_TIME_COLUMNS) as FactTable[]).filter(
    (t) => options.tables === undefined || options.tables.includes(t),
  );
  if (tables.length === 0) return null;
  const where = options.importId === undefined ? "" : " WHERE import_id = $1";
  const parts = tables.map((t) => {
    const c = FACT_TIME_COLUMNS[t];
    return `SELECT min(${c}) AS f, max(${c}) AS l FROM ${t}${where}`;
  });
  const [row] = await q.query<{ first: string | null; last: string | null }>(
    `SELECT min(f) AS first, max(l) AS last FROM (${parts.join(" UNION ALL ")})`,
    options.importId === undefined ? [] : [options.importId],
  );
  if (!row?.first || !row.last) return null;
  return {
    firstAt: row.first,
    lastAt: row.last,
    firstDay: localDate(timezone, Date.parse(row.first)),
    lastDay: localDate(timezone, Date.parse(row.last)),
    timezone,
  };
}
